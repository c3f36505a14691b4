//! Rust names for wire names. Every naming decision lives here so that the IR, the
//! emitted code and the collision checks agree.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be plain identifiers. Most become raw identifiers (`r#type`);
/// the few that cannot be raw get a trailing underscore.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that `r#` cannot escape.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// The snake_case name of a field, method or module, before keyword escaping.
pub fn snake(wire: &str) -> String {
    wire.to_snake_case()
}

/// A field, method or module identifier for `wire`, escaped if it is a keyword.
pub fn value_ident(wire: &str) -> String {
    escape(snake(wire))
}

/// A type identifier for `wire`: UpperCamelCase, so that `K8SLabel` reads `K8sLabel`.
pub fn type_ident(wire: &str) -> String {
    escape(wire.to_upper_camel_case())
}

/// The enum variant for an error code: `ResourceNotFound.Function` → `ResourceNotFoundFunction`.
pub fn error_variant(code: &str) -> String {
    code.split('.')
        .map(ToUpperCamelCase::to_upper_camel_case)
        .collect()
}

/// The builder method that sets an optional field: `set_` + its snake name.
pub fn setter(wire: &str) -> String {
    format!("set_{}", snake(wire))
}

fn escape(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_collapse_into_words() {
        assert_eq!(value_ident("VpcId"), "vpc_id");
        assert_eq!(value_ident("CLSLogsetId"), "cls_logset_id");
        assert_eq!(value_ident("DNSConfig"), "dns_config");
        assert_eq!(type_ident("K8SLabel"), "K8sLabel");
        assert_eq!(type_ident("DNSConfig"), "DnsConfig");
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(value_ident("Type"), "r#type");
        assert_eq!(value_ident("Async"), "r#async");
        assert_eq!(value_ident("Self"), "self_");
        assert_eq!(type_ident("Self"), "Self_");
        assert_eq!(setter("Type"), "set_type");
    }

    #[test]
    fn error_codes_become_variants() {
        assert_eq!(
            error_variant("ResourceNotFound.Function"),
            "ResourceNotFoundFunction"
        );
        assert_eq!(
            error_variant("FailedOperation.CNAME"),
            "FailedOperationCname"
        );
        assert_eq!(error_variant("InternalError"), "InternalError");
    }
}
