//! Canned answers from a JSON file (`--responses FILE`): per action, and optionally
//! only for requests whose members have given values, a response or an error.
//!
//! ```json
//! [
//!   {"service": "cvm", "action": "DescribeInstances", "when": {"Limit": 1},
//!    "response": {"TotalCount": 0, "InstanceSet": []}},
//!   {"service": "cvm", "version": "2017-03-12", "action": "RunInstances",
//!    "error": {"Code": "ResourceInsufficient", "Message": "sold out"}}
//! ]
//! ```
//!
//! The first rule that matches wins. A rule without `version` matches every version
//! of the service; `when` matches when each of its members equals the request's.

use serde::Deserialize;
use serde_json::{Map, Value};
use tencentcloud_server::DispatchError;

/// One canned answer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The service's short name.
    pub service: String,
    /// The API version; every version when absent.
    #[serde(default)]
    pub version: Option<String>,
    /// The action.
    pub action: String,
    /// Request members that must have these values.
    #[serde(default)]
    pub when: Map<String, Value>,
    /// The object inside `{"Response": …}` (the RequestId is the server's).
    #[serde(default)]
    pub response: Option<Map<String, Value>>,
    /// An error to answer with instead.
    #[serde(default)]
    pub error: Option<CannedError>,
}

/// A canned error: the code and message of the envelope's `Error`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CannedError {
    /// The error code (`ResourceNotFound`).
    #[serde(rename = "Code")]
    pub code: String,
    /// Its message.
    #[serde(rename = "Message", default)]
    pub message: String,
}

/// Every rule of a responses file, in order.
#[derive(Debug, Clone, Default)]
pub struct Responses {
    rules: Vec<Rule>,
}

impl Responses {
    /// No canned answers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads a responses file's text: a JSON list of rules.
    ///
    /// # Errors
    ///
    /// When it is not such a list, with the line and column of the problem, or a rule has
    /// both or neither of `response` and `error`.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let rules: Vec<Rule> = serde_json::from_str(text).map_err(|e| e.to_string())?;
        for (i, rule) in rules.iter().enumerate() {
            if rule.response.is_some() == rule.error.is_some() {
                return Err(format!(
                    "[{i}] ({} {}): give exactly one of \"response\" and \"error\"",
                    rule.service, rule.action
                ));
            }
        }
        Ok(Responses { rules })
    }

    /// Adds a rule after the others.
    #[must_use]
    pub fn with_rule(mut self, rule: Rule) -> Self {
        self.rules.push(rule);
        self
    }

    /// How many rules there are.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The canned answer for `request` of `service` `version` `action`, if a rule
    /// matches.
    pub fn answer(
        &self,
        service: &str,
        version: &str,
        action: &str,
        request: &Value,
    ) -> Option<Result<Value, DispatchError>> {
        let rule = self.rules.iter().find(|rule| {
            rule.service == service
                && rule.action == action
                && rule.version.as_deref().is_none_or(|v| v == version)
                && rule
                    .when
                    .iter()
                    .all(|(name, value)| request.get(name) == Some(value))
        })?;
        Some(match (&rule.response, &rule.error) {
            (_, Some(error)) => Err(DispatchError::new(&error.code, &error.message)),
            (Some(response), None) => Ok(Value::Object(response.clone())),
            (None, None) => Ok(Value::Object(Map::new())),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const FILE: &str = r#"[
        {"service": "cvm", "action": "DescribeInstances", "when": {"Limit": 1}, "response": {"TotalCount": 1}},
        {"service": "cvm", "action": "DescribeInstances", "response": {"TotalCount": 0}},
        {"service": "cvm", "version": "2017-03-12", "action": "RunInstances", "error": {"Code": "ResourceInsufficient", "Message": "sold out"}}
    ]"#;

    #[test]
    fn rules_match_by_action_version_and_members_first_wins() {
        let responses = Responses::from_json(FILE).unwrap();
        let total = |request| {
            responses
                .answer("cvm", "2017-03-12", "DescribeInstances", &request)
                .unwrap()
                .unwrap()["TotalCount"]
                .clone()
        };
        assert_eq!(total(json!({"Limit": 1})), 1);
        assert_eq!(total(json!({"Limit": 2})), 0);
        let error = responses
            .answer("cvm", "2017-03-12", "RunInstances", &json!({}))
            .unwrap()
            .unwrap_err();
        assert_eq!(
            (error.code.as_str(), error.message.as_str()),
            ("ResourceInsufficient", "sold out")
        );
        assert!(
            responses
                .answer("cvm", "2099-01-01", "RunInstances", &json!({}))
                .is_none()
        );
        assert!(
            responses
                .answer("vpc", "2017-03-12", "DescribeInstances", &json!({}))
                .is_none()
        );
    }

    #[test]
    fn malformed_files_are_refused_with_where() {
        assert!(Responses::from_json("{}").is_err());
        let typo = r#"[{"service": "cvm", "action": "A", "respons": {}}]"#;
        assert!(Responses::from_json(typo).unwrap_err().contains("respons"));
        let both = r#"[{"service": "cvm", "action": "A", "response": {}, "error": {"Code": "X"}}]"#;
        assert!(
            Responses::from_json(both)
                .unwrap_err()
                .contains("exactly one")
        );
    }
}
