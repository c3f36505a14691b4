//! Offset/limit paging with a total count, the scheme Tencent's `List*` actions use.
//!
//! The spec declares which members page an action; the generator turns that into a
//! [`Paging`] of plain accessor functions, and [`Paginator`] does the rest. Pages are
//! fetched lazily, one call per page, only when the consumer asks for more.

use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;

use futures_core::Stream;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client::ServiceClient;
use crate::error::{Error, ErrorCode};
use crate::service::ActionMeta;

/// A boxed stream: `Unpin`, so `next()`/`try_next()` work on it without pinning.
pub type BoxStream<T> = Pin<Box<dyn Stream<Item = T> + Send + 'static>>;

/// How one action pages, as accessor functions over its request and response.
///
/// Generated crates emit one per paged action (`operation::<action>::PAGING`); it is
/// public so that hand-written callers of [`ServiceClient`] can page too.
pub struct Paging<Req, Resp, Item> {
    /// The offset the request starts at, if it sets one.
    pub offset: fn(&Req) -> Option<u64>,
    /// Sets the request's offset.
    pub set_offset: fn(&mut Req, u64),
    /// The total number of items the response reports, if any.
    pub total: fn(&Resp) -> Option<u64>,
    /// How many items a response holds.
    pub item_count: fn(&Resp) -> usize,
    /// Takes the items out of a response.
    pub items: fn(Resp) -> Vec<Item>,
}

// Derives would demand `Req: Clone` etc., which function pointers do not need.
impl<Req, Resp, Item> Clone for Paging<Req, Resp, Item> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Req, Resp, Item> Copy for Paging<Req, Resp, Item> {}

impl<Req, Resp, Item> fmt::Debug for Paging<Req, Resp, Item> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paging").finish_non_exhaustive()
    }
}

/// Walks every page of a paged action.
///
/// Each page is requested at the offset after the items seen so far. Paging stops after
/// an empty page, once the offset reaches the total the latest page reports (so a total
/// that changes between pages is honoured), or after an error, which is yielded once.
///
/// Use [`next_page`](Self::next_page) directly, or turn it into a `Stream` of pages
/// ([`pages`](Self::pages)) or of items ([`items`](Self::items)).
pub struct Paginator<Req, Resp, Item, E> {
    client: ServiceClient,
    action: &'static ActionMeta,
    request: Req,
    paging: Paging<Req, Resp, Item>,
    next_offset: u64,
    done: bool,
    _error: PhantomData<fn() -> E>,
}

impl<Req, Resp, Item, E> fmt::Debug for Paginator<Req, Resp, Item, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("action", &self.action.name)
            .field("next_offset", &self.next_offset)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<Req, Resp, Item, E> Paginator<Req, Resp, Item, E>
where
    Req: Serialize + Send + Sync + 'static,
    Resp: DeserializeOwned + Send + 'static,
    Item: Send + 'static,
    E: ErrorCode,
{
    /// Pages `action` starting from `request`, at its own offset or 0.
    pub fn new(
        client: ServiceClient,
        action: &'static ActionMeta,
        request: Req,
        paging: Paging<Req, Resp, Item>,
    ) -> Self {
        let next_offset = (paging.offset)(&request).unwrap_or(0);
        Paginator {
            client,
            action,
            request,
            paging,
            next_offset,
            done: false,
            _error: PhantomData,
        }
    }

    /// Fetches the next page, or `None` when there is none.
    ///
    /// # Errors
    ///
    /// The call's error, after which the paginator is done.
    pub async fn next_page(&mut self) -> Option<Result<Resp, Error<E>>> {
        if self.done {
            return None;
        }
        (self.paging.set_offset)(&mut self.request, self.next_offset);
        let response: Resp = match self.client.call(self.action, &self.request).await {
            Ok(response) => response,
            Err(err) => {
                self.done = true;
                return Some(Err(err));
            }
        };
        let count = (self.paging.item_count)(&response);
        self.next_offset = self.next_offset.saturating_add(count as u64);
        let reached_total = (self.paging.total)(&response).is_some_and(|t| self.next_offset >= t);
        if count == 0 || reached_total {
            self.done = true;
        }
        Some(Ok(response))
    }

    /// A stream of whole responses, one per page.
    pub fn pages(self) -> BoxStream<Result<Resp, Error<E>>>
    where
        E: Send,
    {
        Box::pin(futures_util::stream::unfold(
            self,
            |mut paginator| async move {
                let page = paginator.next_page().await?;
                Some((page, paginator))
            },
        ))
    }

    /// A stream of the items of every page, in order.
    pub fn items(self) -> BoxStream<Result<Item, Error<E>>>
    where
        E: Send,
    {
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
