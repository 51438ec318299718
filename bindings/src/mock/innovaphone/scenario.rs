//! Scripts of what happens around the PBX (phones registering, ringing,
//! answering, hanging up), played by the mock while a client watches.

use std::time::Duration;

use super::control::Control;
use crate::mock::{MockError, MockResult};

/// One step of a [`Scenario`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Pause.
    Wait(Duration),
    /// Wait until a client watches `cn` (a UserInitialize handle for it
    /// exists), so that what follows reaches it as events.
    UntilWatched(String),
    /// `cn`'s first device registers.
    Register(String),
    /// `cn`'s devices unregister.
    Unregister(String),
    /// A call from outside (`from`, display name `name`) rings at `to`.
    Offer { from: String, name: String, to: String },
    /// `cn`'s phone dials `number`.
    Dial { from: String, number: String },
    /// Wait until a call rings at `cn`, then its phone answers.
    AnswerAt(String),
    /// `cn`'s phone hangs up its first call.
    HangUpAt(String),
    /// The party at the other end of `cn`'s first call hangs up.
    RemoteHangUpAt(String),
}

/// A list of steps; [`Control::play`] runs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scenario {
    pub steps: Vec<Step>,
    /// How long an `UntilWatched` or `AnswerAt` step waits at most.
    pub patience: Duration,
}

impl Scenario {
    pub fn new() -> Self {
        Scenario { steps: Vec::new(), patience: Duration::from_secs(10) }
    }

    pub fn step(mut self, step: Step) -> Self {
        self.steps.push(step);
        self
    }

    pub fn wait(self, pause: Duration) -> Self {
        self.step(Step::Wait(pause))
    }

    pub fn until_watched(self, cn: &str) -> Self {
        self.step(Step::UntilWatched(cn.to_owned()))
    }

    pub fn register(self, cn: &str) -> Self {
        self.step(Step::Register(cn.to_owned()))
    }

    pub fn unregister(self, cn: &str) -> Self {
        self.step(Step::Unregister(cn.to_owned()))
    }

    pub fn offer(self, from: &str, name: &str, to: &str) -> Self {
        self.step(Step::Offer { from: from.to_owned(), name: name.to_owned(), to: to.to_owned() })
    }

    pub fn dial(self, from: &str, number: &str) -> Self {
        self.step(Step::Dial { from: from.to_owned(), number: number.to_owned() })
    }

    pub fn answer_at(self, cn: &str) -> Self {
        self.step(Step::AnswerAt(cn.to_owned()))
    }

    pub fn hang_up_at(self, cn: &str) -> Self {
        self.step(Step::HangUpAt(cn.to_owned()))
    }

    pub fn remote_hang_up_at(self, cn: &str) -> Self {
        self.step(Step::RemoteHangUpAt(cn.to_owned()))
    }
}

/// How often waiting steps look again.
const LOOK_AGAIN: Duration = Duration::from_millis(10);

impl Control {
    /// Plays `scenario` in a task of its own; the handle tells whether
    /// every step worked. Dropping the mock ends the scenario with it.
    pub fn play(&self, scenario: Scenario) -> tokio::task::JoinHandle<MockResult<()>> {
        let control = self.clone();
        self.shared.spawn(async move {
            for step in scenario.steps {
                control.step(step, scenario.patience).await?;
            }
            Ok(())
        })
    }

    async fn step(&self, step: Step, patience: Duration) -> MockResult<()> {
        match step {
            Step::Wait(pause) => tokio::time::sleep(pause).await,
            Step::UntilWatched(cn) => {
                let watched = || self.sessions().iter().any(|s| s.handles.iter().any(|(_, w)| *w == cn));
                self.until(patience, &format!("nobody watches {cn:?}"), watched).await?;
            }
            Step::Register(cn) => self.register(&cn)?,
            Step::Unregister(cn) => self.unregister(&cn)?,
            Step::Offer { from, name, to } => {
                self.offer_call(&from, &name, &to)?;
            }
            Step::Dial { from, number } => {
                self.dial(&from, &number)?;
            }
            Step::AnswerAt(cn) => {
                let ringing = || self.calls().iter().any(|c| c.owner == cn && c.info.state & 0x8F == 0x84);
                self.until(patience, &format!("nothing rang at {cn:?}"), ringing).await?;
                self.answer_at(&cn)?;
            }
            Step::HangUpAt(cn) => self.hang_up(self.first_call(&cn)?)?,
            Step::RemoteHangUpAt(cn) => self.remote_hang_up(self.first_call(&cn)?)?,
        }
        Ok(())
    }

    fn first_call(&self, cn: &str) -> MockResult<i32> {
        let call = self.calls().into_iter().find(|c| c.owner == cn && c.info.active).map(|c| c.info.call);
        call.ok_or_else(|| MockError::new(format!("{cn:?} has no call")))
    }

    async fn until(&self, patience: Duration, why: &str, done: impl Fn() -> bool) -> MockResult<()> {
        let deadline = tokio::time::Instant::now() + patience;
        while !done() {
            if tokio::time::Instant::now() >= deadline {
                return Err(MockError::new(format!("scenario gave up after {patience:?}: {why}")));
            }
            tokio::time::sleep(LOOK_AGAIN).await;
        }
        Ok(())
    }
}
