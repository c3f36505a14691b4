//! Paging through list actions: by item offset, by page number, or by a token.
//!
//! The spec declares which members page an action; the generator turns that into a
//! [`Paging`] of plain accessor functions, and [`Paginator`] does the rest. Pages are
//! fetched lazily, one call per page, only when the consumer asks for more. The
//! conversions the accessors need (a counter sent as text, an optional list) are the
//! traits at the end of this module, so generated accessors are one call each.

use std::collections::{HashSet, VecDeque};
use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client::ServiceClient;
use crate::codes::ErrorCode;
use crate::error::{Error, PagingError, PagingErrorKind};
use crate::future::BoxFuture;
use crate::service::ActionMeta;

pub use crate::future::BoxStream;

/// How one action pages, as accessor functions over its request and response.
///
/// Generated crates emit one per paged action (`operation::<action>::PAGING`); it is
/// public so that hand-written callers of [`ServiceClient`] can page too.
pub struct Paging<Req, Resp, Item> {
    /// What moves from one page to the next.
    pub cursor: Cursor<Req, Resp>,
    /// The items a response holds.
    pub page_items: fn(&Resp) -> &[Item],
    /// Takes the items out of a response.
    pub items: fn(Resp) -> Vec<Item>,
    /// The response's RequestId, for errors about the page.
    pub request_id: fn(&Resp) -> &str,
}

/// The three ways Tencent's list actions ask for the next page.
#[non_exhaustive]
pub enum Cursor<Req, Resp> {
    /// `Offset`/`Limit`: the next request starts after the items seen so far, until the
    /// total the latest page reports.
    Offset {
        /// The offset the request starts at, if it sets one.
        offset: fn(&Req) -> Option<u64>,
        /// Sets the request's offset.
        set_offset: fn(&mut Req, u64),
        /// The total number of items the response reports, if any.
        total: fn(&Resp) -> Option<u64>,
    },
    /// A page number: the next request asks for the next page, until the items seen
    /// reach the total.
    Page {
        /// The page the request asks for, if it sets one.
        page: fn(&Req) -> Option<u64>,
        /// The number of the first page (0 or 1), used when the request sets none.
        first_page: u64,
        /// Sets the request's page number.
        set_page: fn(&mut Req, u64),
        /// The total number of items the response reports, if any.
        total: fn(&Resp) -> Option<u64>,
    },
    /// A token: the next request carries the token the last response gave, until a
    /// response gives none.
    Token {
        /// Sets the request's token.
        set_token: fn(&mut Req, String),
        /// The token of the next page; `None` (or empty) on the last page.
        next_token: fn(&Resp) -> Option<String>,
    },
}

// Derives would demand `Req: Clone` etc., which function pointers do not need.
impl<Req, Resp> Clone for Cursor<Req, Resp> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Req, Resp> Copy for Cursor<Req, Resp> {}

impl<Req, Resp, Item> Clone for Paging<Req, Resp, Item> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Req, Resp, Item> Copy for Paging<Req, Resp, Item> {}

impl<Req, Resp, Item> fmt::Debug for Paging<Req, Resp, Item> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let style = match self.cursor {
            Cursor::Offset { .. } => "offset",
            Cursor::Page { .. } => "page",
            Cursor::Token { .. } => "token",
        };
        f.debug_struct("Paging")
            .field("cursor", &style)
            .finish_non_exhaustive()
    }
}

/// Fetches one page: a client and the call of one of its methods.
trait FetchPage<Req, Resp, E>: Send + Sync {
    fn fetch<'a>(&'a self, request: &'a Req) -> BoxFuture<'a, Result<Resp, Error<E>>>;
}

/// A call of one client method, as a plain function so generated code needs no closure
/// type of its own.
pub type PageCall<C, Req, Resp, E> =
    for<'a> fn(&'a C, &'a Req) -> BoxFuture<'a, Result<Resp, Error<E>>>;

struct Call<C, Req, Resp, E> {
    client: C,
    call: PageCall<C, Req, Resp, E>,
}

impl<C: Send + Sync, Req, Resp, E> FetchPage<Req, Resp, E> for Call<C, Req, Resp, E> {
    fn fetch<'a>(&'a self, request: &'a Req) -> BoxFuture<'a, Result<Resp, Error<E>>> {
        (self.call)(&self.client, request)
    }
}

/// Where the paginator is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Position {
    /// The item offset of the next page.
    Offset(u64),
    /// The number of the next page.
    Page(u64),
    /// The first page (no token yet), or the token of the next one.
    Token(Option<String>),
}

/// Walks every page of a paged action.
///
/// Paging stops after an empty page; for offsets and page numbers, once the items seen
/// reach the total the latest page reports (so a total that changes between pages is
/// honoured); for tokens, when a response gives no next token; or after an error,
/// which is yielded once.
///
/// A service that does not advance cannot make it page forever: a page with the same
/// items as the one before, a token given twice, or an empty page short of the
/// reported total ends paging with [`Error::Paging`] (after the pages before it).
///
/// Use [`next_page`](Self::next_page) directly, or turn it into a `Stream` of pages
/// ([`pages`](Self::pages)) or of items ([`items`](Self::items)).
pub struct Paginator<Req, Resp, Item, E> {
    fetch: Box<dyn FetchPage<Req, Resp, E>>,
    action: &'static str,
    request: Req,
    paging: Paging<Req, Resp, Item>,
    position: Position,
    /// Items seen so far, for totals.
    seen: u64,
    /// Whether `seen` counts from the first item, so that a total can be checked.
    from_start: bool,
    pages: u64,
    /// The previous page's items, to notice a page served twice.
    previous: Vec<Item>,
    /// Tokens sent so far, to notice tokens that go round.
    tokens: HashSet<String>,
    done: bool,
}

impl<Req, Resp, Item, E> fmt::Debug for Paginator<Req, Resp, Item, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("action", &self.action)
            .field("position", &self.position)
            .field("pages", &self.pages)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<Req, Resp, Item, E> Paginator<Req, Resp, Item, E>
where
    Req: Send + Sync + 'static,
    Resp: Send + 'static,
    Item: Clone + PartialEq + Send + 'static,
    E: Send + 'static,
{
    /// Pages `action` with `call` on `client` (a generated `Client` and one of its
    /// methods), starting from `request`: at its own offset or page, or the first.
    pub fn new<C: Send + Sync + 'static>(
        client: C,
        action: &'static str,
        call: PageCall<C, Req, Resp, E>,
        request: Req,
        paging: Paging<Req, Resp, Item>,
    ) -> Self {
        let position = match paging.cursor {
            Cursor::Offset { offset, .. } => Position::Offset(offset(&request).unwrap_or(0)),
            Cursor::Page {
                page, first_page, ..
            } => Position::Page(page(&request).unwrap_or(first_page)),
            Cursor::Token { .. } => Position::Token(None),
        };
        // An offset counts from the first item wherever it starts; a page number only
        // when paging starts on the first page, as the page size is the service's.
        let from_start = match (&position, paging.cursor) {
            (Position::Page(n), Cursor::Page { first_page, .. }) => *n == first_page,
            _ => true,
        };
        let seen = match position {
            Position::Offset(n) => n,
            _ => 0,
        };
        Paginator {
            fetch: Box::new(Call { client, call }),
            action,
            request,
            paging,
            position,
            seen,
            from_start,
            pages: 0,
            previous: Vec::new(),
            tokens: HashSet::new(),
            done: false,
        }
    }

    /// Pages `action` through a [`ServiceClient`], for callers without a generated
    /// client.
    pub fn for_action(
        client: ServiceClient,
        action: &'static ActionMeta,
        request: Req,
        paging: Paging<Req, Resp, Item>,
    ) -> Self
    where
        Req: Serialize,
        Resp: DeserializeOwned,
        E: ErrorCode,
    {
        Self::new(
            (client, action),
            action.name,
            |(client, action), request| Box::pin(client.call(action, request)),
            request,
            paging,
        )
    }

    /// Fetches the next page, or `None` when there is none.
    ///
    /// # Errors
    ///
    /// The call's error, or [`Error::Paging`] when the service's pages do not
    /// advance; either way the paginator is done.
    pub async fn next_page(&mut self) -> Option<Result<Resp, Error<E>>> {
        if self.done {
            return None;
        }
        match (&self.position, self.paging.cursor) {
            (Position::Offset(n), Cursor::Offset { set_offset, .. }) => {
                set_offset(&mut self.request, *n);
            }
            (Position::Page(n), Cursor::Page { set_page, .. }) => set_page(&mut self.request, *n),
            (Position::Token(Some(token)), Cursor::Token { set_token, .. }) => {
                set_token(&mut self.request, token.clone());
            }
            _ => {}
        }
        let fetched = self.fetch.fetch(&self.request).await;
        self.pages += 1;
        let result = fetched.and_then(|response| self.advance(&response).map(|()| response));
        if result.is_err() {
            self.done = true;
        }
        Some(result)
    }

    /// Moves past `response`, or says why paging cannot go on.
    fn advance(&mut self, response: &Resp) -> Result<(), Error<E>> {
        let items = (self.paging.page_items)(response);
        let count = items.len() as u64;
        self.seen = self.seen.saturating_add(count);
        let fail = |kind| {
            let mut e = PagingError::new(self.action, kind, self.pages);
            let id = (self.paging.request_id)(response);
            e.request_id = (!id.is_empty()).then(|| id.to_owned());
            Err(Error::Paging(e))
        };
        let total = match self.paging.cursor {
            Cursor::Offset { total, .. } | Cursor::Page { total, .. } => total(response),
            Cursor::Token { .. } => None,
        };
        let (next, last) = match (&self.position, self.paging.cursor) {
            (Position::Offset(n), Cursor::Offset { .. }) => {
                let next = n.saturating_add(count);
                (Position::Offset(next), total.is_some_and(|t| next >= t))
            }
            (Position::Page(n), Cursor::Page { .. }) => (
                Position::Page(n.saturating_add(1)),
                total.is_some_and(|t| self.seen >= t),
            ),
            (_, Cursor::Token { next_token, .. }) => {
                let token = next_token(response).filter(|t| !t.is_empty());
                if let Some(t) = &token
                    && !self.tokens.insert(t.clone())
                {
                    return fail(PagingErrorKind::RepeatedToken);
                }
                let last = token.is_none();
                (Position::Token(token), last)
            }
            (position, _) => (position.clone(), true),
        };
        if count == 0 {
            if let Some(total) = total.filter(|&t| self.from_start && self.seen < t) {
                let seen = self.seen;
                return fail(PagingErrorKind::TotalNotReached { seen, total });
            }
        } else if !matches!(self.paging.cursor, Cursor::Token { .. }) {
            if items == self.previous.as_slice() {
                return fail(PagingErrorKind::RepeatedPage);
            }
            if !last {
                self.previous = items.to_vec();
            }
        }
        self.position = next;
        if count == 0 || last {
            self.done = true;
        }
        Ok(())
    }

    /// A stream of whole responses, one per page.
    pub fn pages(self) -> BoxStream<Result<Resp, Error<E>>> {
        Box::pin(futures_util::stream::unfold(
            self,
            |mut paginator| async move {
                let page = paginator.next_page().await?;
                Some((page, paginator))
            },
        ))
    }

    /// A stream of the items of every page, in order.
    pub fn items(self) -> BoxStream<Result<Item, Error<E>>> {
        let state = (self, VecDeque::new());
        Box::pin(futures_util::stream::unfold(
            state,
            |(mut paginator, mut buffer)| async move {
                loop {
                    if let Some(item) = buffer.pop_front() {
                        return Some((Ok(item), (paginator, buffer)));
                    }
                    match paginator.next_page().await? {
                        Ok(page) => buffer.extend((paginator.paging.items)(page)),
                        Err(err) => return Some((Err(err), (paginator, buffer))),
                    }
                }
            },
        ))
    }
}

/// A request or response member that counts items or pages, whatever its type on the
/// wire: generated accessors read and write offsets, page numbers and totals with it.
pub trait PageCounter {
    /// The count, when there is one and it is a non-negative whole number.
    fn count(&self) -> Option<u64>;
    /// The member's value for a count.
    fn from_count(n: u64) -> Self;
}

impl PageCounter for u64 {
    fn count(&self) -> Option<u64> {
        Some(*self)
    }
    fn from_count(n: u64) -> Self {
        n
    }
}

impl PageCounter for i64 {
    fn count(&self) -> Option<u64> {
        u64::try_from(*self).ok()
    }
    fn from_count(n: u64) -> Self {
        i64::try_from(n).unwrap_or(i64::MAX)
    }
}

/// Some actions send offsets and limits as text.
impl PageCounter for String {
    fn count(&self) -> Option<u64> {
        self.parse().ok()
    }
    fn from_count(n: u64) -> Self {
        n.to_string()
    }
}

impl<T: PageCounter> PageCounter for Option<T> {
    fn count(&self) -> Option<u64> {
        self.as_ref().and_then(T::count)
    }
    fn from_count(n: u64) -> Self {
        Some(T::from_count(n))
    }
}

/// A request or response member holding a page token.
pub trait PageToken {
    /// The token, if the member holds one.
    fn token(&self) -> Option<String>;
    /// The member's value for a token.
    fn from_token(token: String) -> Self;
}

impl PageToken for String {
    fn token(&self) -> Option<String> {
        Some(self.clone())
    }
    fn from_token(token: String) -> Self {
        token
    }
}

impl PageToken for Option<String> {
    fn token(&self) -> Option<String> {
        self.clone()
    }
    fn from_token(token: String) -> Self {
        Some(token)
    }
}

/// A response member holding a page's items: a list, or an optional one.
pub trait PageItems<Item> {
    /// The items it holds.
    fn as_items(&self) -> &[Item];
    /// The items.
    fn into_items(self) -> Vec<Item>;
}

impl<Item> PageItems<Item> for Vec<Item> {
    fn as_items(&self) -> &[Item] {
        self
    }
    fn into_items(self) -> Vec<Item> {
        self
    }
}

impl<Item> PageItems<Item> for Option<Vec<Item>> {
    fn as_items(&self) -> &[Item] {
        self.as_deref().unwrap_or_default()
    }
    fn into_items(self) -> Vec<Item> {
        self.unwrap_or_default()
    }
}

/// A counter member's value: [`PageCounter::count`].
pub fn count<T: PageCounter>(member: &T) -> Option<u64> {
    member.count()
}

/// The counter member's value for `n`: [`PageCounter::from_count`].
pub fn from_count<T: PageCounter>(n: u64) -> T {
    T::from_count(n)
}

/// A token member's token: [`PageToken::token`].
pub fn token<T: PageToken>(member: &T) -> Option<String> {
    member.token()
}

/// The token member's value for `token`: [`PageToken::from_token`].
pub fn from_token<T: PageToken>(token: String) -> T {
    T::from_token(token)
}

/// The items of an item member, borrowed: [`PageItems::as_items`].
pub fn page_items<Item, T: PageItems<Item>>(member: &T) -> &[Item] {
    member.as_items()
}

/// The items of an item member: [`PageItems::into_items`].
pub fn into_items<Item, T: PageItems<Item>>(member: T) -> Vec<Item> {
    member.into_items()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_read_and_write_every_wire_type() {
        assert_eq!(PageCounter::count(&-1_i64), None);
        assert_eq!(PageCounter::count(&Some("20".to_owned())), Some(20));
        assert_eq!(PageCounter::count(&"x".to_owned()), None);
        assert_eq!(<Option<i64>>::from_count(5), Some(5));
        assert_eq!(i64::from_count(u64::MAX), i64::MAX);
        assert_eq!(String::from_count(7), "7");
    }

    #[test]
    fn optional_item_lists_count_as_empty() {
        let none: Option<Vec<u8>> = None;
        assert!(PageItems::as_items(&none).is_empty());
        assert_eq!(PageItems::into_items(Some(vec![1, 2])), [1, 2]);
    }
}
