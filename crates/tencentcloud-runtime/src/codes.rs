//! Service error codes: the trait every code type implements, and what every
//! generated per-action enum shares.
//!
//! A generated enum holds only what is specific to its action: one variant per code
//! the action documents, `Common(`[`CommonCode`]`)` for the codes every action can
//! return, and `Unknown { code }` for anything else. Everything else (parsing, the wire
//! text, the common codes themselves) lives here once, through [`ActionCode`].

use std::fmt;

pub use crate::common_code::CommonCode;

/// A service error code, as carried by [`ServiceError`](crate::ServiceError).
///
/// Generated per-action enums get it through [`ActionCode`]; hand-written code types
/// implement it directly:
///
/// ```
/// use tencentcloud_runtime::ErrorCode;
///
/// #[derive(Debug, PartialEq)]
/// enum DeleteThingError {
///     ResourceNotFound,
///     Unknown { code: String },
/// }
///
/// impl ErrorCode for DeleteThingError {
///     fn from_code(code: &str) -> Self {
///         match code {
///             "ResourceNotFound" => Self::ResourceNotFound,
///             other => Self::Unknown { code: other.to_owned() },
///         }
///     }
///
///     fn as_str(&self) -> &str {
///         match self {
///             Self::ResourceNotFound => "ResourceNotFound",
///             Self::Unknown { code } => code,
///         }
///     }
/// }
///
/// assert_eq!(DeleteThingError::from_code("Nope").as_str(), "Nope");
/// ```
pub trait ErrorCode: Sized + fmt::Debug + Send + Sync + 'static {
    /// Maps a wire code to a value. Never fails: a code the type does not know is kept
    /// as text, so a new code on the server never breaks decoding.
    fn from_code(code: &str) -> Self;

    /// The wire code, for example `"ResourceNotFound.Function"`.
    fn as_str(&self) -> &str;

    /// The common code this is, when it is one of the codes any action can return.
    fn common(&self) -> Option<CommonCode> {
        CommonCode::from_code(self.as_str())
    }
}

/// What a generated per-action error enum provides; [`ErrorCode`] follows from it.
///
/// The enum has a unit variant per documented code, listed with its wire code in
/// [`DOCUMENTED`](Self::DOCUMENTED), plus one variant wrapping a [`CommonCode`] and
/// one keeping an unknown code as text.
///
/// ```
/// use tencentcloud_runtime::{ActionCode, CodeKind, CommonCode, ErrorCode};
///
/// #[derive(Debug, Clone, PartialEq)]
/// enum DeleteThingError {
///     ResourceNotFoundThing,
///     Common(CommonCode),
///     Unknown { code: String },
/// }
///
/// impl ActionCode for DeleteThingError {
///     const DOCUMENTED: &'static [(&'static str, Self)] =
///         &[("ResourceNotFound.Thing", Self::ResourceNotFoundThing)];
///     fn from_common(code: CommonCode) -> Self {
///         Self::Common(code)
///     }
///     fn from_unknown(code: String) -> Self {
///         Self::Unknown { code }
///     }
///     fn kind(&self) -> CodeKind<'_> {
///         match self {
///             Self::Common(code) => CodeKind::Common(*code),
///             Self::Unknown { code } => CodeKind::Unknown(code),
///             _ => CodeKind::Documented,
///         }
///     }
/// }
///
/// let code = DeleteThingError::from_code("ResourceNotFound.Thing");
/// assert_eq!(code, DeleteThingError::ResourceNotFoundThing);
/// assert_eq!(code.as_str(), "ResourceNotFound.Thing");
/// assert_eq!(
///     DeleteThingError::from_code("InternalError"),
///     DeleteThingError::Common(CommonCode::InternalError)
/// );
/// assert_eq!(DeleteThingError::from_code("Brand.New").as_str(), "Brand.New");
/// ```
pub trait ActionCode: Clone + PartialEq + fmt::Debug + Send + Sync + 'static {
    /// The action's own documented codes and their variants. Common codes are not
    /// listed here even where the action documents them: they are always `Common`.
    const DOCUMENTED: &'static [(&'static str, Self)];

    /// The variant wrapping a common code.
    fn from_common(code: CommonCode) -> Self;

    /// The variant keeping a code the action does not document.
    fn from_unknown(code: String) -> Self;

    /// Which of the three kinds of variant this is.
    fn kind(&self) -> CodeKind<'_>;
}

/// The three kinds of variant of a per-action error enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodeKind<'a> {
    /// One of the action's documented codes, listed in [`ActionCode::DOCUMENTED`].
    Documented,
    /// A code every action can return.
    Common(CommonCode),
    /// A code the action does not document, as the service sent it.
    Unknown(&'a str),
}

impl<T: ActionCode> ErrorCode for T {
    fn from_code(code: &str) -> Self {
        if let Some((_, value)) = T::DOCUMENTED.iter().find(|(wire, _)| *wire == code) {
            return value.clone();
        }
        match CommonCode::from_code(code) {
            Some(common) => T::from_common(common),
            None => T::from_unknown(code.to_owned()),
        }
    }

    fn as_str(&self) -> &str {
        match self.kind() {
            CodeKind::Common(code) => code.as_str(),
            CodeKind::Unknown(code) => code,
            CodeKind::Documented => T::DOCUMENTED
                .iter()
                .find(|(_, value)| value == self)
                .map_or("", |(wire, _)| wire),
        }
    }

    fn common(&self) -> Option<CommonCode> {
        match self.kind() {
            CodeKind::Common(code) => Some(code),
            _ => None,
        }
    }
}

/// The error code of a call through a [`CommonClient`](crate::CommonClient), which
/// knows no action's documented codes: [`Common`](Self::Common) for the codes every
/// action can return, [`Unknown`](Self::Unknown) for any other, kept as the service
/// sent it.
///
/// It is what a generated per-action enum is for an action that documents no code of
/// its own, so it is matched the same way:
///
/// ```
/// use tencentcloud_runtime::{AnyCode, CommonCode, Error, ErrorCode, ServiceError};
///
/// fn describe(error: &Error<AnyCode>) -> String {
///     match error {
///         Error::Service(ServiceError { code: AnyCode::Common(CommonCode::InvalidAction), .. }) => {
///             "the service has no such action".to_owned()
///         }
///         Error::Service(ServiceError { code: AnyCode::Unknown { code }, request_id, .. }) => {
///             format!("{code} (request {request_id})")
///         }
///         other => other.to_string(),
///     }
/// }
///
/// let error = Error::Service(ServiceError::new(
///     AnyCode::from_code("ResourceNotFound.Function"),
///     "The function does not exist.",
///     "ee33",
///     200,
/// ));
/// assert_eq!(describe(&error), "ResourceNotFound.Function (request ee33)");
/// assert_eq!(AnyCode::from_code("InvalidAction"), AnyCode::Common(CommonCode::InvalidAction));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AnyCode {
    /// A code every action can return.
    Common(CommonCode),
    /// Any other code, as the service sent it.
    Unknown {
        /// The code, for example `"ResourceNotFound.Function"`.
        code: String,
    },
}

impl ActionCode for AnyCode {
    const DOCUMENTED: &'static [(&'static str, Self)] = &[];

    fn from_common(code: CommonCode) -> Self {
        Self::Common(code)
    }

    fn from_unknown(code: String) -> Self {
        Self::Unknown { code }
    }

    fn kind(&self) -> CodeKind<'_> {
        match self {
            Self::Common(code) => CodeKind::Common(*code),
            Self::Unknown { code } => CodeKind::Unknown(code),
        }
    }
}

impl fmt::Display for AnyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A code with no variants, kept as its text: the error type of a call whose codes
/// are only reported, never matched (STS, called by the credential providers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeText(pub(crate) String);

impl ErrorCode for CodeText {
    fn from_code(code: &str) -> Self {
        Self(code.to_owned())
    }

    fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_common_code_round_trips() {
        for (wire, code) in CommonCode::ALL {
            assert_eq!(CommonCode::from_code(wire), Some(*code));
            assert_eq!(code.as_str(), *wire);
            assert!(!code.description().is_empty(), "{wire}");
        }
        assert_eq!(CommonCode::from_code("ResourceNotFound.Function"), None);
    }

    #[test]
    fn any_code_keeps_common_codes_typed_and_others_as_text() {
        let common = AnyCode::from_code("AuthFailure.SignatureExpire");
        assert_eq!(
            common,
            AnyCode::Common(CommonCode::AuthFailureSignatureExpire)
        );
        assert_eq!(
            common.common(),
            Some(CommonCode::AuthFailureSignatureExpire)
        );
        assert_eq!(common.to_string(), "AuthFailure.SignatureExpire");
        let other = AnyCode::from_code("ResourceNotFound.Function");
        assert_eq!(
            other,
            AnyCode::Unknown {
                code: "ResourceNotFound.Function".to_owned()
            }
        );
        assert_eq!(other.as_str(), "ResourceNotFound.Function");
        assert_eq!(other.common(), None);
    }

    #[test]
    fn code_text_knows_common_codes_by_their_text() {
        assert_eq!(
            CodeText::from_code("AuthFailure.SignatureExpire").common(),
            Some(CommonCode::AuthFailureSignatureExpire)
        );
        assert_eq!(CodeText::from_code("X").common(), None);
    }
}
