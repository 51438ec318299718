//! The future a call returns: [`Call`].
//!
//! Why a named future rather than `async fn`s: a generated client has one
//! method per operation, and an `async fn` per operation made rustc build,
//! type check and borrow check a state machine for each, and copy the
//! runtime's generic `async` call path (with its tracing wrapper) once per
//! request and response type. Here the request is encoded when the method
//! is called (generic over the request type, synchronous), the HTTP
//! exchange is one boxed future compiled once in the runtime, and the
//! response is decoded by a plain function (generic over the response
//! type) when that future is done. A generated method is then an ordinary
//! function that returns `Call<T>`.
//!
//! The future owns a clone of the client (its pool and settings are
//! shared, see [`SoapClient`](super::SoapClient)), so it is `'static` and
//! `Send`: it can be spawned, stored or sent to another task.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::client::interpret;
use super::headers::{FromHeaders, WithHeaders};
use super::read::{Handing, SendHanding};
use super::{DecodeOptions, Error, FromXml, Operation};

/// The HTTP exchange, boxed so that it is compiled once, whatever the
/// operation's types.
pub(crate) type InFlight = Pin<Box<dyn Future<Output = Result<Answer, Error>> + Send>>;

/// A SOAP call in flight: resolves to the operation's output, or to the
/// [`Error`] that ended it.
///
/// The request was encoded when the call was made; nothing is sent until
/// the future is first polled (awaited). Dropping it cancels the exchange.
#[must_use = "a call sends nothing until it is awaited"]
pub struct Call<T> {
    state: State,
    /// Turns the answer into the output (decoding is generic over the
    /// response type, the rest of the call is not).
    finish: Finish<T>,
    /// Where [`Call::each`] sends the items of one type.
    handing: Option<SendHanding>,
}

enum Finish<T> {
    /// What generated methods pass: a decoding function.
    Fn(fn(Answer) -> Result<T, Error>),
    /// A decoding function and what [`Call::map`] added to it.
    Mapped(Box<dyn FnOnce(Answer) -> Result<T, Error> + Send>),
}

impl<T> Finish<T> {
    fn run(self, answer: Answer) -> Result<T, Error> {
        match self {
            Finish::Fn(f) => f(answer),
            Finish::Mapped(f) => f(answer),
        }
    }
}

enum State {
    Sending(InFlight, tracing::Span),
    /// The request could not be encoded (or the call could not start).
    Failed(Error),
    Done,
}

impl<T> Call<T> {
    pub(crate) fn sending(
        exchange: InFlight,
        span: tracing::Span,
        finish: fn(Answer) -> Result<T, Error>,
    ) -> Self {
        Call { state: State::Sending(exchange, span), finish: Finish::Fn(finish), handing: None }
    }

    pub(crate) fn failed(error: Error, finish: fn(Answer) -> Result<T, Error>) -> Self {
        Call { state: State::Failed(error), finish: Finish::Fn(finish), handing: None }
    }

    /// The same call, every item of a list of `Item` in the response
    /// handed to `each` as soon as it is decoded instead of kept in the
    /// output (see [`read_response_each`](super::read_response_each)):
    /// `pbx.find_user(search).each(|user: User| ...)` reads a large answer
    /// one item at a time, and its output has that list empty. `each` runs
    /// while the output is decoded, on the task awaiting the call; to
    /// borrow from the caller instead, decode the [`Call::answer`] with
    /// [`Answer::body_each`].
    pub fn each<Item: 'static>(mut self, each: impl FnMut(Item) + Send + 'static) -> Self {
        self.handing = Some(SendHanding::new(each));
        self
    }

    /// The same call, resolving to its [`Answer`] undecoded, for decoding
    /// in a way of the caller's choosing ([`Answer::body_each`]) or not at
    /// all.
    pub fn answer(self) -> Call<Answer> {
        Call { state: self.state, finish: Finish::Fn(Ok), handing: self.handing }
    }
}

impl<T: 'static> Call<T> {
    /// The same call, its output passed through `f` (an error stays as
    /// it is). Generated clients use it to return only the body of a
    /// response that has header blocks.
    pub fn map<U: 'static>(self, f: fn(T) -> U) -> Call<U> {
        let Call { state, finish, handing } = self;
        Call { state, finish: Finish::Mapped(Box::new(move |answer| finish.run(answer).map(f))), handing }
    }
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Sending(..) => "sending",
            State::Failed(_) => "failed",
            State::Done => "done",
        };
        f.debug_struct("Call").field("state", &state).finish()
    }
}

impl<T> Future for Call<T> {
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        match poll_state(&mut this.state, cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok((mut answer, span))) => {
                // Decoding belongs to the call's span, as the exchange does.
                let _entered = span.enter();
                if let Some(handing) = this.handing.take() {
                    answer.handing = Some(handing);
                }
                // Run once: the state is `Done` from here on.
                let finish = std::mem::replace(&mut this.finish, Finish::Fn(|_| Err(finished())));
                Poll::Ready(finish.run(answer))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
        }
    }
}

/// The part of polling that does not depend on the output type.
fn poll_state(state: &mut State, cx: &mut Context<'_>) -> Poll<Result<(Answer, tracing::Span), Error>> {
    match std::mem::replace(state, State::Done) {
        State::Sending(mut exchange, span) => match exchange.as_mut().poll(cx) {
            Poll::Pending => {
                *state = State::Sending(exchange, span);
                Poll::Pending
            }
            Poll::Ready(result) => Poll::Ready(result.map(|answer| (answer, span))),
        },
        State::Failed(e) => Poll::Ready(Err(e)),
        // Futures may misbehave when polled after they finished; this one
        // says so instead.
        State::Done => Poll::Ready(Err(finished())),
    }
}

fn finished() -> Error {
    Error::Config("a Call was polled again after it had finished".to_owned())
}

/// What came back for a call: the HTTP status, content type and body, with
/// what decoding it needs. Generated clients turn it into their output with
/// [`Answer::body`] or [`Answer::with_headers`].
#[derive(Debug)]
pub struct Answer {
    pub(crate) op: Operation,
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) bytes: Vec<u8>,
    pub(crate) decode: DecodeOptions,
    /// The client sends WS-Security, so a response's `Security` header is
    /// expected rather than a block it must understand.
    pub(crate) security: bool,
    /// Where [`Call::each`] sends the items of one type.
    pub(crate) handing: Option<SendHanding>,
}

impl Answer {
    /// The response body decoded as `R` (a SOAP fault, an HTTP error or a
    /// body that is not XML is an error; header blocks the client must
    /// understand fail the call).
    ///
    /// # Errors
    ///
    /// As [`SoapClient::call`](super::SoapClient::call).
    pub fn body<R: FromXml>(self) -> Result<R, Error> {
        self.with_headers::<R, ()>().map(|answer| answer.body)
    }

    /// The response body decoded as `R`, with the header blocks of `H`.
    ///
    /// # Errors
    ///
    /// As [`SoapClient::call`](super::SoapClient::call).
    pub fn with_headers<R: FromXml, H: FromHeaders>(mut self) -> Result<WithHeaders<R, H>, Error> {
        let handing = self.handing.take().map(Handing::from);
        self.decode(handing)
    }

    /// The response body decoded as `R`, every item of a list of `Item` in
    /// it handed to `each` as soon as it is decoded instead of kept (see
    /// [`read_response_each`](super::read_response_each)), in place of a
    /// closure given to [`Call::each`]. Unlike that one, `each` may borrow
    /// from the caller:
    ///
    /// ```no_run
    /// # async fn run(pbx: pbx_soap::sipxconfig::UserService) -> Result<(), pbx_soap::rt::Error> {
    /// use pbx_soap::sipxconfig::{FindUserResponse, User, UserSearch};
    /// let mut names = Vec::new();
    /// let answer = pbx.find_user(UserSearch::default()).answer().await?;
    /// answer.body_each::<FindUserResponse, User>(|user| names.push(user.user_name))?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`SoapClient::call`](super::SoapClient::call).
    pub fn body_each<R: FromXml, Item: 'static>(self, each: impl FnMut(Item)) -> Result<R, Error> {
        self.decode::<R, ()>(Some(Handing::new(each))).map(|answer| answer.body)
    }

    /// The body and header blocks, with the items `handing` takes handed
    /// over.
    fn decode<R: FromXml, H: FromHeaders>(
        self,
        handing: Option<Handing<'_>>,
    ) -> Result<WithHeaders<R, H>, Error> {
        interpret(&self.op, self.status, self.content_type, &self.bytes, &self.decode, self.security, handing)
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response body as it came.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;

    fn poll_once<T>(call: &mut Call<T>) -> Poll<Result<T, Error>> {
        Pin::new(call).poll(&mut Context::from_waker(std::task::Waker::noop()))
    }

    fn answer(body: &str) -> Answer {
        Answer {
            op: Operation {
                name: "Echo",
                soap_action: "",
                input: None,
                output: Some(super::super::Name::local("EchoResponse")),
                encoded: false,
                version: super::super::SoapVersion::Soap11,
            },
            status: 200,
            content_type: Some("text/xml".to_owned()),
            bytes: body.as_bytes().to_vec(),
            decode: DecodeOptions::default(),
            security: false,
            handing: None,
        }
    }

    fn ready(body: &'static str) -> InFlight {
        Box::pin(async move { Ok(answer(body)) })
    }

    const ECHO: &str = r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><EchoResponse>7</EchoResponse></e:Body></e:Envelope>"#;

    /// What a generated method passes: the runtime's decoding.
    fn seven(a: Answer) -> Result<String, Error> {
        a.body::<String>()
    }

    #[test]
    fn a_finished_call_says_so_when_polled_again() {
        let mut call = Call::sending(ready(ECHO), tracing::Span::none(), seven);
        assert!(matches!(poll_once(&mut call), Poll::Ready(Ok(ref v)) if v == "7"));
        let Poll::Ready(Err(Error::Config(message))) = poll_once(&mut call) else {
            panic!("a second answer")
        };
        assert!(message.contains("polled again"), "{message}");
    }

    #[test]
    fn a_call_that_could_not_start_gives_its_error_once() {
        let failed = || Error::Encode { operation: "Echo", message: "U+0001".to_owned() };
        let mut call = Call::failed(failed(), seven);
        assert!(matches!(poll_once(&mut call), Poll::Ready(Err(Error::Encode { .. }))));
        assert!(matches!(poll_once(&mut call), Poll::Ready(Err(Error::Config(_)))));
    }

    #[test]
    fn map_applies_to_the_output_and_not_to_errors() {
        let mut call = Call::sending(ready(ECHO), tracing::Span::none(), seven).map(|v| v.len());
        assert!(matches!(poll_once(&mut call), Poll::Ready(Ok(1))));
        let mut call = Call::failed(Error::Config("x".to_owned()), seven).map(|v| v.len());
        assert!(matches!(poll_once(&mut call), Poll::Ready(Err(Error::Config(_)))));
        // Pending stays pending, and the mapped call still finishes.
        let go = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let seen = go.clone();
        let exchange: InFlight = Box::pin(async move {
            let ready = move |_: &mut Context<'_>| {
                if seen.load(std::sync::atomic::Ordering::SeqCst) { Poll::Ready(()) } else { Poll::Pending }
            };
            std::future::poll_fn(ready).await;
            Ok(answer(ECHO))
        });
        let mut call = Call::sending(exchange, tracing::Span::none(), seven).map(|v| v + "!");
        assert!(poll_once(&mut call).is_pending());
        go.store(true, std::sync::atomic::Ordering::SeqCst);
        assert!(matches!(poll_once(&mut call), Poll::Ready(Ok(ref v)) if v == "7!"));
    }

    #[test]
    fn the_answer_decodes_through_the_runtime_path() {
        // A fault body is the fault whatever the finish function expects.
        let fault = r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><e:Fault><faultcode>e:Server</faultcode><faultstring>no</faultstring></e:Fault></e:Body></e:Envelope>"#;
        let mut a = answer(fault);
        a.status = 500;
        assert!(matches!(a.body::<String>(), Err(Error::Fault(_))));
    }

    fn assert_send_static<T: Send + 'static>(_: &T) {}

    #[test]
    fn a_call_is_send_and_static() {
        let call = Call::sending(ready(ECHO), tracing::Span::none(), seven);
        assert_send_static(&call);
    }
}
