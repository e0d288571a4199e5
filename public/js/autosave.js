// @ts-check
// Autosave for the scoring page: progressive enhancement only. Without this script the page's
// Save and Submit buttons post the whole sheet. With it, changes are saved about a second after
// typing stops, kept in this browser's storage until the server confirms them, and retried when
// the connection comes back. A save based on an older revision is refused by the server; nothing
// typed here is thrown away.

/** @typedef {{ score: number | null, evidence: string }} Entry  One criterion's score and evidence notes. */
/** @typedef {Record<string, Entry>} Entries  By criterion id. */
/** @typedef {{ id: string, title: string, el: HTMLElement }} Criterion */
/** @typedef {{ requestId: string, entries: Entries, baseRevision: number }} SaveRequest */

const page = scoresheet();
if (page) start(page);

/** The parts of the scoring page this script uses, or null on a page without them all (the buttons still work). */
function scoresheet() {
  const form = document.querySelector('form.app-scoresheet');
  if (!(form instanceof HTMLFormElement)) return null;
  const url = form.dataset.autosaveUrl;
  const status = document.getElementById('save-status');
  const progress = document.getElementById('progress');
  const csrfInput = form.querySelector('input[name="_csrf"]');
  const baseInput = form.querySelector('input[name="baseRevision"]');
  if (!url || !status || !progress || !(csrfInput instanceof HTMLInputElement) || !(baseInput instanceof HTMLInputElement)) return null;
  return { form, url, status, progress, csrf: csrfInput.value, baseInput };
}

/** @param {NonNullable<ReturnType<typeof scoresheet>>} page */
function start({ form, url, status, progress, csrf, baseInput }) {
  const key = `panel-scoring:sheet:${form.dataset.sheet}`;
  /** @type {Record<string, string>} each scale value's descriptor, as the page explains the scale */
  const scale = JSON.parse(form.dataset.scale ?? '{}');
  /** @type {Criterion[]} */
  const criteria = [];
  for (const el of form.querySelectorAll('[data-criterion]')) {
    if (el instanceof HTMLElement) criteria.push({ id: el.dataset.criterion ?? '', title: el.dataset.title ?? '', el });
  }

  if (form.dataset.submitted === 'true') {
    localStorage.removeItem(key);
    return;
  }

  const OFFLINE = 'Offline – saved on this device, trying to reconnect';
  const UNAVAILABLE = 'Service unavailable – saved on this device, trying to reconnect';
  let revision = Number(form.dataset.revision);
  let saved = readForm();
  /** @type {number | undefined} */
  let timer;
  let retryDelay = 2000;
  /** @type {SaveRequest | null} */
  let inFlight = null;
  let sending = false;
  let stopped = false;
  // Set while saves fail for want of a connection or a server: kept on screen until one succeeds.
  /** @type {string | null} */
  let reconnecting = null;

  restoreDraft();
  updateProgress();

  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('change', showChosen);
  window.addEventListener('online', () => schedule(0));
  form.addEventListener('submit', () => {
    baseInput.value = String(revision);
  });

  /** @returns {Entries} */
  function readForm() {
    /** @type {Entries} */
    const entries = {};
    for (const c of criteria) {
      const checked = c.el.querySelector(`input[name="score-${c.id}"]:checked`);
      const evidence = c.el.querySelector(`textarea[name="evidence-${c.id}"]`);
      entries[c.id] = {
        score: checked instanceof HTMLInputElement ? Number(checked.value) : null,
        evidence: evidence instanceof HTMLTextAreaElement ? evidence.value : '',
      };
    }
    return entries;
  }

  /** @param {string} id @param {Entry} entry */
  function writeEntry(id, entry) {
    const c = criteria.find((x) => x.id === id);
    if (!c) return;
    const evidence = c.el.querySelector(`textarea[name="evidence-${id}"]`);
    if (evidence instanceof HTMLTextAreaElement) evidence.value = entry.evidence;
    for (const radio of c.el.querySelectorAll(`input[name="score-${id}"]`)) {
      if (radio instanceof HTMLInputElement) radio.checked = entry.score !== null && Number(radio.value) === entry.score;
    }
  }

  /** The entries of `a` that are missing from `b` or differ there. @param {Entries} a @param {Entries} b @returns {Entries} */
  function differences(a, b) {
    /** @type {Entries} */
    const out = {};
    for (const [id, entry] of Object.entries(a)) {
      const other = b[id];
      if (!other || entry.score !== other.score || entry.evidence !== other.evidence) out[id] = entry;
    }
    return out;
  }

  function keepDraft() {
    localStorage.setItem(key, JSON.stringify({ baseRevision: revision, entries: readForm(), keptAt: new Date().toISOString() }));
  }

  /** Changes the status only when it says something new: screen readers hear changes of state, not keystrokes. @param {string} text */
  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  function changed() {
    // Kept on this device even when saving has stopped (session ended, sheet changed elsewhere).
    keepDraft();
    updateProgress();
    if (stopped) return;
    if (reconnecting) {
      // The retry already scheduled will send this too; saying "Saving…" would be untrue.
      say(reconnecting);
      return;
    }
    say('Saving…');
    schedule(900);
  }

  /** @param {number} delay milliseconds */
  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  async function save() {
    if (stopped || sending) return;
    const current = readForm();
    const entries = differences(current, saved);
    if (Object.keys(entries).length === 0 && !inFlight) {
      localStorage.removeItem(key);
      return;
    }
    // A retry of the same changes reuses its request id, so the server never applies it twice.
    const request = inFlight ?? { requestId: crypto.randomUUID(), entries, baseRevision: revision };
    inFlight = request;
    sending = true;
    try {
      const res = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ baseRevision: request.baseRevision, requestId: request.requestId, entries: request.entries }),
      });
      await handle(res, request);
    } catch {
      retryLater(OFFLINE);
    } finally {
      sending = false;
    }
  }

  /** @param {Response} res the server's answer to `request` @param {SaveRequest} request */
  async function handle(res, request) {
    if (res.ok) {
      /** @type {{ revision: number, savedAt: string }} */
      const body = await res.json();
      inFlight = null;
      retryDelay = 2000;
      reconnecting = null;
      revision = body.revision;
      baseInput.value = String(revision);
      saved = { ...saved, ...request.entries };
      const time = new Date(body.savedAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
      if (Object.keys(differences(readForm(), saved)).length === 0) {
        localStorage.removeItem(key);
        say(`Saved at ${time}`);
      } else {
        keepDraft();
        schedule(300);
      }
      return;
    }
    inFlight = null;
    if (res.status === 409) {
      stopped = true;
      /** @type {{ error?: string }} */
      const body = await res.json().catch(() => ({}));
      say(
        body.error === 'conflict'
          ? 'Not saved: this scoresheet was changed in another tab or device. Reload the page – what you typed is kept on this device and shown beside the saved text.'
          : `Not saved: ${body.error ?? 'the scoresheet cannot change now'}. What you typed is kept on this device.`,
      );
    } else if (res.status === 423) {
      stopped = true;
      localStorage.removeItem(key);
      say('This scoresheet has been submitted and can no longer change.');
    } else if (res.status === 400) {
      // Refused as sent (a character that cannot be saved, a note too long): retrying the same text
      // cannot help, so wait for the next change. The text stays in this browser meanwhile.
      keepDraft();
      /** @type {{ problems?: { message?: string }[], message?: string }} */
      const body = await res.json().catch(() => ({}));
      const reason = body.problems?.[0]?.message ?? body.message ?? 'check what you typed';
      say(`Not saved: ${reason}. What you typed is kept on this device.`);
    } else if (res.status === 401 || res.status === 403) {
      stopped = true;
      signInAgain();
    } else {
      // 503 while the database or the app is away (Retry-After says when to try), or another 5xx.
      // The save may have been applied before the answer was lost: retry with the same request id.
      inFlight = request;
      const after = Number(res.headers.get('retry-after'));
      retryLater(UNAVAILABLE, Number.isFinite(after) && after > 0 ? after * 1000 : undefined);
    }
  }

  /** @param {string} message @param {number} [delay] milliseconds, when the server said (Retry-After) */
  function retryLater(message, delay) {
    reconnecting = message;
    say(message);
    keepDraft();
    schedule(Math.min(delay ?? retryDelay, 30000));
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  function signInAgain() {
    status.textContent = 'Your session has ended. What you typed is kept on this device. ';
    const link = document.createElement('a');
    link.className = 'govuk-link';
    link.href = `/auth/sign-in?returnTo=${encodeURIComponent(location.pathname)}`;
    link.textContent = 'Sign in again to save it';
    status.appendChild(link);
  }

  /** What this browser kept but the server never confirmed: after a reload, lost connection or expired session. */
  function restoreDraft() {
    /** @type {{ baseRevision?: number, entries?: Entries } | null} */
    let draft;
    try {
      draft = JSON.parse(localStorage.getItem(key) || 'null');
    } catch {
      draft = null;
    }
    if (!draft || !draft.entries) return;
    const unsaved = differences(draft.entries, saved);
    if (Object.keys(unsaved).length === 0) {
      localStorage.removeItem(key);
      return;
    }
    if (draft.baseRevision === revision) {
      for (const [id, entry] of Object.entries(unsaved)) writeEntry(id, entry);
      say('Restored what you typed on this device. Saving…');
      schedule(0);
      return;
    }
    // The sheet changed elsewhere since: show both, and let the member choose per criterion.
    for (const [id, entry] of Object.entries(unsaved)) offerDraft(id, entry);
    say('Some text typed on this device was not saved. It is shown under the saved text.');
  }

  /** @param {string} id @param {Entry} entry */
  function offerDraft(id, entry) {
    const c = criteria.find((x) => x.id === id);
    if (!c) return;
    const box = document.createElement('div');
    box.className = 'govuk-inset-text app-unsaved';
    const heading = document.createElement('p');
    heading.className = 'govuk-body-s';
    heading.textContent = `Typed on this device (not saved)${entry.score !== null ? `, score ${entry.score}` : ''}:`;
    const text = document.createElement('p');
    text.className = 'govuk-body app-preserve-lines';
    text.textContent = entry.evidence;
    const use = document.createElement('button');
    use.type = 'button';
    use.className = 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0';
    use.textContent = `Use this text for ${c.title}`;
    use.addEventListener('click', () => {
      writeEntry(id, entry);
      box.remove();
      changed();
    });
    box.append(heading, text, use);
    c.el.querySelector('.govuk-character-count, .govuk-form-group')?.after(box);
  }

  /** Shows the chosen score's descriptor beside its criterion (the scale is explained once, above). @param {Event} event */
  function showChosen(event) {
    const radio = event.target;
    if (!(radio instanceof HTMLInputElement) || radio.type !== 'radio' || !radio.checked) return;
    const shown = form.querySelector(`[data-for="${radio.name}"]`);
    const label = form.querySelector(`label[for="${radio.id}"]`);
    const point = scale[radio.value];
    if (!(shown instanceof HTMLElement) || !label || !point) return;
    const strong = document.createElement('strong');
    strong.textContent = `${(label.textContent ?? '').trim()}:`;
    shown.replaceChildren(strong, ` ${point}`);
  }

  function updateProgress() {
    const entries = readForm();
    const unscored = criteria.filter((c) => (entries[c.id]?.score ?? null) === null).map((c) => c.title);
    const total = criteria.length;
    progress.textContent = `${total - unscored.length} of ${total} criteria scored.${unscored.length ? ` Still to score: ${unscored.join(', ')}.` : ''}`;
  }
}
