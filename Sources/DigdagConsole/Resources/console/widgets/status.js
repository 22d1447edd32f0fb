// Status of attempts and sessions, and the coloured badge that shows one.
import { h } from '../lib/dom.js';

/** Digdag's attempt status: success, error, killed, canceling or running. */
export function attemptStatus(a) {
  if (!a) return 'pending';
  if (a.success) return 'success';
  if (a.done) return a.cancelRequested ? 'killed' : 'error';
  return a.cancelRequested ? 'canceling' : 'running';
}

/** A session's status is its last attempt's. */
export function sessionStatus(s) { return attemptStatus(s.lastAttempt); }

const labels = { error: 'failure' };

/** A badge for a session/attempt status or a task state. */
export function badge(status) {
  return h('span', { class: `badge s-${status}`, dataset: { status } }, labels[status] || status);
}
