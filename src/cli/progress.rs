//! A spinner on stderr for long runs (`merit eval`, `merit explain`): it appears only when
//! stderr is a terminal and the run has lasted a second, says which phase is running, and
//! is cleared before anything else is printed. Pipes, CI logs and tests never see it.

use std::io::IsTerminal;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before the spinner appears.
const DELAY: Duration = Duration::from_secs(1);

/// The spinner of one run; cleared when dropped.
pub struct Progress {
    bar: ProgressBar,
    /// Tells the waiting thread that the run ended before the delay.
    stop: Option<mpsc::Sender<()>>,
    waiter: Option<JoinHandle<()>>,
}

impl Progress {
    /// Start timing a run whose first phase is `message`.
    pub fn start(message: &'static str) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_message(message);
        if !std::io::stderr().is_terminal() {
            return Progress { bar, stop: None, waiter: None };
        }
        let (stop, stopped) = mpsc::channel::<()>();
        let shown = bar.clone();
        let waiter = thread::spawn(move || {
            if stopped.recv_timeout(DELAY) == Err(RecvTimeoutError::Timeout) {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(100));
            }
        });
        Progress { bar, stop: Some(stop), waiter: Some(waiter) }
    }

    /// The phase now running (`reading data`, `scoring`, `writing`).
    pub fn phase(&self, message: &'static str) {
        self.bar.set_message(message);
    }

    /// Print to stderr without the spinner in the way.
    pub fn eprint(&self, text: &str) {
        if !text.is_empty() {
            self.bar.suspend(|| eprint!("{text}"));
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(waiter) = self.waiter.take() {
            let _ = waiter.join();
        }
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_terminal_it_stays_hidden_and_ends_at_once() {
        // Tests run with stderr captured or piped: no waiting thread, nothing drawn.
        let progress = Progress::start("reading data");
        progress.phase("scoring");
        assert!(progress.bar.is_hidden() || std::io::stderr().is_terminal());
        let started = std::time::Instant::now();
        drop(progress);
        assert!(started.elapsed() < DELAY, "dropping does not wait for the delay");
    }
}
