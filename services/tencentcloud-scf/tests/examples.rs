//! Every published example of the spec, as a test: the request body decodes into the
//! typed request and encodes back to the same JSON, and the response decodes into the
//! typed response. The cases are generated from the spec by build.rs.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Examples the published data gets wrong, with the reason; each must keep failing, so a
/// fix upstream is noticed and the entry removed.
const KNOWN_BAD: &[(&str, &str)] = &[
    (
        "create_alias_example_0",
        "RoutingConfig.AdditionalVersionWeights[0].Weight is the placeholder \"<Weight>\", not a float",
    ),
    (
        "update_alias_example_0",
        "RoutingConfig.AdditionalVersionWeights[0].Weight is the placeholder \"<Weight>\", not a float",
    ),
];

fn check<Req, Resp>(name: &str, request: &str, response: &str)
where
    Req: Serialize + DeserializeOwned,
    Resp: DeserializeOwned,
{
    let outcome = round_trip::<Req, Resp>(request, response);
    match (KNOWN_BAD.iter().find(|(bad, _)| *bad == name), outcome) {
        (None, Ok(())) => {}
        (None, Err(why)) => panic!("{name}: {why}"),
        (Some((_, reason)), Ok(())) => {
            panic!("{name} is listed as bad ({reason}) but now passes: remove it from KNOWN_BAD")
        }
        (Some(_), Err(_)) => {}
    }
}

fn round_trip<Req, Resp>(request: &str, response: &str) -> Result<(), String>
where
    Req: Serialize + DeserializeOwned,
    Resp: DeserializeOwned,
{
    let sent: Value = serde_json::from_str(request).map_err(|e| e.to_string())?;
    let typed: Req = serde_json::from_value(sent.clone())
        .map_err(|e| format!("request does not decode: {e}"))?;
    let again = serde_json::to_value(&typed).map_err(|e| e.to_string())?;
    if !same_json(&sent, &again) {
        return Err(format!(
            "request does not round-trip:\n sent  {sent}\n again {again}"
        ));
    }
    let envelope: Value = serde_json::from_str(response).map_err(|e| e.to_string())?;
    serde_json::from_value::<Resp>(envelope["Response"].clone())
        .map_err(|e| format!("response does not decode: {e}"))?;
    Ok(())
}

/// Equal as JSON, with numbers compared by value (`1` and `1.0` are the same float).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

macro_rules! example_test {
    ($name:ident, $request:ty, $response:ty, $req:expr, $resp:expr) => {
        #[test]
        fn $name() {
            check::<$request, $response>(stringify!($name), $req, $resp);
        }
    };
}

include!(concat!(env!("OUT_DIR"), "/v20180416_examples.rs"));

#[test]
fn every_known_bad_example_exists() {
    let generated = include_str!(concat!(env!("OUT_DIR"), "/v20180416_examples.rs"));
    for (name, _) in KNOWN_BAD {
        assert!(
            generated.contains(&format!("{name},")),
            "{name} is not an example"
        );
    }
}
