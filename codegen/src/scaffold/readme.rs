//! A service crate's `README.md`, which is also its front page on docs.rs.

use std::fmt::Write as _;

use super::{GENERATED, REPOSITORY, ServiceCrate, VERSION};
use crate::build::version_module;
use crate::emit::markdown::{self, Edition};
use crate::naming;

pub(super) fn readme(c: &ServiceCrate) -> String {
    let name = c.crate_name();
    let krate = name.replace('-', "_");
    let mut text = format!(
        "<!-- {GENERATED} -->\n\n# {name}\n\n\
         Tencent Cloud **{title}** (`{service}`) for Rust: every action of its API as a typed \
         async method, generated from Tencent's published API description. Part of the \
         [Tencent Cloud SDK for Rust]({REPOSITORY}), which has a crate like this for every \
         API 3.0 service.\n",
        title = c.title,
        service = c.service,
    );
    if !c.doc.is_empty() {
        let lang = if c.title_zh {
            " (from the Chinese edition)"
        } else {
            ""
        };
        let edition = Edition::of(c.title_zh.then_some("zh"));
        let doc = one_line(&markdown::to_markdown(&c.doc, edition));
        let _ = write!(text, "\n> {doc}{lang}\n");
    }
    text.push_str("\n| Module | API version | Actions | Paginators |\n|---|---|---:|---:|\n");
    for v in c.versions.iter().rev() {
        let module = version_module(&v.version);
        let root = if v.root { " (also the crate root)" } else { "" };
        let _ = writeln!(
            text,
            "| `{module}`{root} | {} | {} | {} |",
            v.version, v.actions, v.paginators
        );
    }
    let _ = write!(
        text,
        r#"
## Example

```toml
[dependencies]
{name} = "{VERSION}"
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
```

`{action}`, with the values of its published example:

```rust,no_run
use {krate}::{{Client, Config}};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {{
    // Region and credentials from the environment (TENCENTCLOUD_REGION,
    // TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY), the profile files or the
    // instance's role.
    let config = Config::from_env()?;
    let client = Client::new(&config)?;
{code}    println!("{{response:?}}");
    Ok(())
}}
```

- `Client` has one async method per action; `operation::<action>` holds its request,
  response and error enum; `types` the structures actions share.
- Required parameters are the arguments of `XRequest::new`, optional ones `set_*`
  methods: leaving out a required one does not compile.
- A service error is `Error::Service` with the action's own error enum: one variant per
  documented code, `Common(CommonCode::…)` for the codes every action can return, and
  `Unknown {{ code }}`. Its message and RequestId come with it.

## Finding an action

An action keeps its name, made Rust: `{action}` is the method
`Client::{module}`, and the module `operation::{module}` holds its
`{ty}Request`, `{ty}Response` and `{ty}Error`. On docs.rs, type an
action's name in the search box (or press `S`), or browse the `operation` module, which
lists every action with its title; `types` holds the structures actions share. A list
action also has a `<action>_paginator` method that fetches its pages. Each API version
in the table above is a module with the same layout.

## Features

- `rustls` (default) or `native-tls`: the TLS implementation.
- `server`: the server side, `server::Service` (one method per action) and
  `server::dispatch`, for emulators and test doubles served by `tencentcloud-server`.
- `client`: the generated code, on with any of the above. With `default-features = false`
  and none of them, the crate is its spec only and compiles nothing: for a build script
  that generates just the actions an application calls
  (`tencentcloud_codegen::build::select`) or the spec with additions of its own
  (`build::with_additions`).
"#,
        action = c.example.action,
        code = c.example.code,
        module = naming::value_ident(&c.example.action),
        ty = naming::type_ident(&c.example.action),
    );
    text
}

/// `text` as one line, for a Markdown quote: a line break of any kind (some descriptions
/// have a lone CR, which Markdown also reads as one) would end the quote.
fn one_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn every_kind_of_line_break_becomes_a_space() {
        assert_eq!(
            one_line("结构化。\r 医疗报告\r\nsecond\n\nthird "),
            "结构化。 医疗报告 second third"
        );
    }
}
