//! The call of one action that a service crate's README shows, written from the
//! spec's published examples.

use super::Example;
use crate::ir::{ActionIr, RustType, ServiceIr};

/// A call of one action for the README: the read-only action whose published example
/// is shortest and can be written with constructors and setters; else any action whose
/// required parameters can be, with their published example values.
pub(super) fn readme_example(ir: &ServiceIr, krate: &str) -> Option<Example> {
    let from_examples = ir
        .actions
        .iter()
        .flat_map(|a| a.examples.iter().map(move |ex| (a, &ex.request)))
        .filter_map(|(a, request)| {
            let body: serde_json::Value = serde_json::from_str(request).ok()?;
            let members = body.as_object()?;
            let request = build(
                ir,
                krate,
                &a.request,
                |f| members.get(&f.wire_name).cloned(),
                members.len(),
                2,
            )?;
            Some((
                !a.idempotent,
                request.len(),
                a.wire_name.clone(),
                call(a, &request),
            ))
        })
        .min();
    if let Some((_, _, action, code)) = from_examples {
        return Some(Example { action, code });
    }
    ir.actions
        .iter()
        .filter_map(|a| {
            let value = |f: &crate::ir::FieldIr| {
                f.ctor_arg
                    .then(|| placeholder(ir, &f.ty, f.example.as_deref(), 0))
                    .flatten()
            };
            let request = build(ir, krate, &a.request, value, usize::MAX, 2)?;
            Some((
                !a.idempotent,
                request.len(),
                a.wire_name.clone(),
                call(a, &request),
            ))
        })
        .min()
        .map(|(_, _, action, code)| Example { action, code })
}

fn call(a: &ActionIr, request: &str) -> String {
    format!(
        "    let request = {request};\n    let response = client.{}(&request).await?;\n",
        a.module
    )
}

/// A struct built with `new` and setters from the members `value` gives: every required
/// member must have a value, and when `given` is a count, that many must all be used.
fn build(
    ir: &ServiceIr,
    krate: &str,
    s: &crate::ir::StructIr,
    value: impl Fn(&crate::ir::FieldIr) -> Option<serde_json::Value>,
    given: usize,
    indent: usize,
) -> Option<String> {
    let mut args = Vec::new();
    let mut setters = Vec::new();
    let mut used = 0;
    let pad = "    ".repeat(indent);
    for f in &s.fields {
        let Some(v) = value(f) else {
            if f.ctor_arg {
                return None;
            }
            continue;
        };
        used += 1;
        let literal = rust_literal(ir, krate, &f.ty, &v, indent + 1)?;
        if f.ctor_arg {
            args.push(literal);
        } else {
            setters.push(format!("\n{pad}.{}({literal})", f.setter));
        }
    }
    if given != usize::MAX && used != given {
        return None;
    }
    let path = match s.role {
        crate::ir::Role::Input if s.name.ends_with("Request") && !is_shape(ir, &s.name) => {
            let module = ir
                .actions
                .iter()
                .find(|a| a.request.name == s.name)
                .map(|a| a.module.clone())?;
            format!("{krate}::operation::{module}::{}", s.name)
        }
        _ => format!("{krate}::types::{}", s.name),
    };
    Some(format!(
        "{path}::new({}){}",
        args.join(", "),
        setters.concat()
    ))
}

fn float(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.1}")
    } else {
        x.to_string()
    }
}

fn is_shape(ir: &ServiceIr, name: &str) -> bool {
    ir.shapes.iter().any(|s| s.name == name)
}

/// A value for a required parameter without a published request: its example, or a
/// neutral one.
fn placeholder(
    ir: &ServiceIr,
    ty: &RustType,
    example: Option<&str>,
    depth: usize,
) -> Option<serde_json::Value> {
    let example = example
        .map(str::trim)
        .filter(|e| !e.is_empty() && e.len() <= 40 && e.is_ascii());
    Some(match ty {
        RustType::String => serde_json::Value::from(example.unwrap_or("...")),
        RustType::I64 | RustType::U64 => {
            serde_json::Value::from(example.and_then(|e| e.parse::<u64>().ok()).unwrap_or(1))
        }
        RustType::F64 => {
            serde_json::Value::from(example.and_then(|e| e.parse::<f64>().ok()).unwrap_or(1.0))
        }
        RustType::Bool => serde_json::Value::from(example == Some("true")),
        RustType::Vec(inner) if **inner == RustType::String => {
            serde_json::Value::from(vec![example.unwrap_or("...")])
        }
        RustType::Shape { name, .. } if depth < 3 => {
            let shape = ir.shapes.iter().find(|s| &s.name == name)?;
            let members = shape
                .required_fields()
                .map(|f| {
                    let v = placeholder(ir, &f.ty, f.example.as_deref(), depth + 1)?;
                    Some((f.wire_name.clone(), v))
                })
                .collect::<Option<serde_json::Map<_, _>>>()?;
            serde_json::Value::Object(members)
        }
        _ => return None,
    })
}

/// `v` as a Rust expression for a parameter of type `ty`, when it fits the type.
fn rust_literal(
    ir: &ServiceIr,
    krate: &str,
    ty: &RustType,
    v: &serde_json::Value,
    indent: usize,
) -> Option<String> {
    use serde_json::Value;
    Some(match (ty, v) {
        (RustType::String, Value::String(s)) if s.len() <= 80 && !s.contains('\n') => {
            format!("{s:?}")
        }
        (RustType::I64, Value::Number(n)) => n.as_i64()?.to_string(),
        (RustType::U64, Value::Number(n)) => n.as_u64()?.to_string(),
        (RustType::F64, Value::Number(n)) => float(n.as_f64()?),
        (RustType::Bool, Value::Bool(b)) => b.to_string(),
        // Published examples often write numbers and flags as text.
        (RustType::I64, Value::String(s)) => s.parse::<i64>().ok()?.to_string(),
        (RustType::U64, Value::String(s)) => s.parse::<u64>().ok()?.to_string(),
        (RustType::F64, Value::String(s)) => float(s.parse().ok()?),
        (RustType::Bool, Value::String(s)) => s.parse::<bool>().ok()?.to_string(),
        (RustType::Vec(inner), Value::Array(items)) if items.len() <= 3 => {
            let items: Option<Vec<String>> = items
                .iter()
                .map(|i| rust_literal(ir, krate, inner, i, indent))
                .collect();
            format!("[{}]", items?.join(", "))
        }
        (RustType::Shape { name, .. }, Value::Object(members)) if indent <= 4 => {
            let shape = ir.shapes.iter().find(|s| &s.name == name)?;
            build(
                ir,
                krate,
                shape,
                |f| members.get(&f.wire_name).cloned(),
                members.len(),
                indent,
            )?
        }
        _ => return None,
    })
}
