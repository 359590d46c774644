/*!
 * Hechtwijzer chat - the conversation itself: input, messages, storage.
 *
 * This file runs in chat.html, which hechtwijzer.js (the one-line script on the association's
 * site) shows in a frame. The frame comes from the bot's own server, so the host page's scripts
 * (analytics, tag managers) cannot read what a parent writes: the browser keeps another
 * origin's document and sessionStorage closed to them. The only things that cross to the host
 * page are the words in tellHost() below (ready, close, exit); never any text.
 *
 * This file is pure ASCII (Dutch characters are written as \u escapes), like hechtwijzer.js.
 *
 * Safety rule for this file: every piece of user or bot text reaches the page through
 * textContent or Text nodes only. Markup is never built from strings, so a message can
 * never become code. tests/browser/test_web_widget_static.py enforces this.
 */
(function () {
  'use strict';

  var STORAGE_KEY = 'hechtwijzer.gesprek.v1';
  var MAX_STORED_MESSAGES = 200;
  var MAX_INPUT_LENGTH = 1000;
  var SAFE_PROTOCOLS = ['http:', 'https:', 'tel:', 'mailto:'];
  // Next to this page, on the same server: same origin, so no CORS and no other site involved.
  var ENDPOINT = new URL('webhooks/rest/webhook', window.location.href).href;
  // Feedback under a knowledge answer (issue 14): the channel marks such a reply with the
  // answer's response name; thumbs up/down goes to .../feedback and never sends a chat message.
  var FEEDBACK_ENDPOINT = new URL('webhooks/rest/feedback', window.location.href).href;
  var FEEDBACK_ANSWER = /^utter_(kennis\/|meer_)[A-Za-z0-9_.-]{1,150}$/;
  var FEEDBACK_QUESTION = 'Had je hier iets aan?';
  var FEEDBACK_THANKS = 'Bedankt voor je reactie.';
  // The association that offers the chat is named by the server (content/association.yml via
  // GET .../association), not in a file or the tag: one place for it. None configured: no line.
  var ASSOCIATION_ENDPOINT = new URL('webhooks/rest/association', window.location.href).href;
  var OWNER_PREFIX = 'Aangeboden door ';
  var MAX_OWNER_LENGTH = 120;

  // ---------------------------------------------------------------- config
  // hechtwijzer.js reads the data-* attributes, fills in the defaults and derives the colours;
  // it passes the result in this page's #fragment (never sent to a server). The checks here
  // only keep a bad value from breaking the chat.

  var params = new URLSearchParams(window.location.hash.slice(1));

  function text(name, max) {
    return String(params.get(name) || '').trim().slice(0, max);
  }

  function hex(name, fallback) {
    var v = String(params.get(name) || '');
    return /^#[0-9a-f]{6}$/.test(v) ? v : fallback;
  }

  function positiveNumber(name, fallback) {
    var n = Number(params.get(name));
    return isFinite(n) && n > 0 ? n : fallback;
  }

  function originOf(value) {
    try {
      var url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
    } catch (e) {
      return null;
    }
  }

  var config = {
    title: text('title', 80) || 'Hechtwijzer',
    subtitle: text('subtitle', 200),
    greeting: text('greeting', 1000),
    accent: hex('accent', '#1f5e7a'),
    onAccent: hex('onAccent', '#ffffff'),
    ink: hex('ink', '#1f5e7a'),
    retentionDays: Math.round(positiveNumber('retention', 30)),
    timeoutMs: positiveNumber('timeout', 20) * 1000,
    hostOrigin: originOf(params.get('host'))
  };

  // ---------------------------------------------------------------- the host page

  // The only messages to the host page: what hechtwijzer.js needs to show, hide or leave.
  function tellHost(kind, open) {
    var message = { hechtwijzer: kind };
    if (kind === 'ready') message.open = open === true;
    window.parent.postMessage(message, config.hostOrigin || '*');
  }

  function fromHost(event) {
    return event.source === window.parent && (!config.hostOrigin || event.origin === config.hostOrigin);
  }

  // ---------------------------------------------------------------- storage

  function newSenderId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') {
      return 'hw-' + window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return 'hw-' + Array.prototype.map.call(bytes, function (b) {
      return ('0' + b.toString(16)).slice(-2);
    }).join('');
  }

  function freshState() {
    return { v: 1, senderId: newSenderId(), messages: [], open: false };
  }

  function cleanButtons(list) {
    if (!Array.isArray(list)) return [];
    return list.filter(function (b) {
      return b && typeof b.title === 'string' && b.title.trim();
    }).map(function (b) {
      return { title: b.title, payload: typeof b.payload === 'string' && b.payload ? b.payload : b.title };
    });
  }

  function cleanMessage(m) {
    if (!m || (m.role !== 'user' && m.role !== 'bot') || typeof m.text !== 'string') return null;
    var out = { role: m.role, text: m.text };
    if (m.role === 'user') out.payload = typeof m.payload === 'string' ? m.payload : m.text;
    if (m.role === 'bot') {
      out.buttons = cleanButtons(m.buttons);
      if (typeof m.image === 'string') out.image = m.image;
      if (typeof m.feedback === 'string' && FEEDBACK_ANSWER.test(m.feedback)) {
        out.feedback = m.feedback;
        if (m.vote === 'up' || m.vote === 'down') out.vote = m.vote;
      }
    }
    return out;
  }

  function loadState() {
    try {
      var raw = window.sessionStorage.getItem(STORAGE_KEY);
      if (!raw) return freshState();
      var s = JSON.parse(raw);
      if (!s || typeof s.senderId !== 'string' || !Array.isArray(s.messages)) return freshState();
      return {
        v: 1,
        senderId: s.senderId,
        messages: s.messages.map(cleanMessage).filter(Boolean),
        open: s.open === true
      };
    } catch (e) {
      return freshState();
    }
  }

  var state = loadState();
  var leaving = false;

  function saveState() {
    // After "Snel weg" nothing may be written back, not even by a late reply.
    if (leaving) return;
    if (state.messages.length > MAX_STORED_MESSAGES) {
      state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
    }
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (e) {
      // Storage blocked or full: the chat still works, it just won't survive a reload.
    }
  }

  // ---------------------------------------------------------------- DOM helpers

  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === null || value === undefined || value === false) return;
        if (key === 'text') node.textContent = value;
        else if (key === 'className') node.className = value;
        else if (key.slice(0, 2) === 'on') node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? '' : String(value));
      });
    }
    (children || []).forEach(function (child) {
      // append() turns strings into Text nodes, never into markup.
      if (child !== null && child !== undefined && child !== false) node.append(child);
    });
    return node;
  }

  var SVG_NS = 'http://www.w3.org/2000/svg';

  function icon(paths, size) {
    var svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', String(size || 20));
    svg.setAttribute('height', String(size || 20));
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    paths.forEach(function (d) {
      var p = document.createElementNS(SVG_NS, 'path');
      p.setAttribute('d', d);
      svg.appendChild(p);
    });
    return svg;
  }

  // ---------------------------------------------------------------- links in bot text

  function safeHref(raw) {
    try {
      var url = new URL(raw);
      return SAFE_PROTOCOLS.indexOf(url.protocol) >= 0 ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  // Groups: 1-2 markdown link, 3 URL, 4 e-mail, 5 bare Dutch-style domain (113.nl), 6 phone.
  // No look-behind: older Safari versions reject it and the whole widget would fail.
  var LINK_RE = new RegExp([
    '\\[([^\\]\\n]{1,200})\\]\\(([^)\\s]{1,2000})\\)',
    '(https?:\\/\\/[^\\s<>"\']+)',
    '(?:mailto:)?([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,})',
    '((?:www\\.)?[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.(?:nl|be|eu|org|com|net|info)(?![A-Za-z0-9-])(?:\\/[^\\s<>"\']*)?)',
    '((?:\\+31[ -]?(?:\\(0\\))?[ -]?[1-9](?:[ -]?\\d){8}|0800[ -]?\\d{4}|0900[ -]?\\d{3,7}|0[1-9](?:[ -]?\\d){8}|11[23])(?!\\d))'
  ].join('|'), 'g');

  function splitTrailing(s) {
    // "Kijk op www.x.nl/a." - the full stop belongs to the sentence, not the link.
    var m = /[.,;:!?)\]]+$/.exec(s);
    return m ? { core: s.slice(0, m.index), rest: m[0] } : { core: s, rest: '' };
  }

  function standsAlone(text, index) {
    // A domain or number glued to other characters ("ab113", "x.113") is not a link.
    return index === 0 || !/[A-Za-z0-9+\-./@]/.test(text.charAt(index - 1));
  }

  function link(href, label) {
    var a = el('a', { href: href, text: label });
    if (/^https?:/.test(href)) {
      // New tab so the conversation stays open; noopener so the target can't reach back.
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
    }
    return a;
  }

  function appendRichText(parent, text) {
    var last = 0;
    var m;
    LINK_RE.lastIndex = 0;
    while ((m = LINK_RE.exec(text)) !== null) {
      var start = m.index;
      var end = start + m[0].length;
      var label = m[0];
      var href = null;
      var trailing = '';
      if (m[1] !== undefined) {
        label = m[1];
        href = safeHref(m[2]); // javascript: and friends fall through as plain text
      } else if (m[3] !== undefined) {
        var u = splitTrailing(m[3]);
        label = u.core;
        trailing = u.rest;
        href = safeHref(label);
      } else if (m[4] !== undefined) {
        label = m[4];
        href = safeHref('mailto:' + m[4]);
      } else if (m[5] !== undefined) {
        if (!standsAlone(text, start)) continue;
        var d = splitTrailing(m[5]);
        label = d.core;
        trailing = d.rest;
        href = safeHref('https://' + label);
      } else if (m[6] !== undefined) {
        if (!standsAlone(text, start)) continue;
        href = 'tel:' + m[6].replace('(0)', '').replace(/[^\d+]/g, '');
      }
      if (start > last) parent.append(text.slice(last, start));
      parent.append(href ? link(href, label) : label);
      if (trailing) parent.append(trailing);
      last = end;
    }
    if (last < text.length) parent.append(text.slice(last));
  }

  // ---------------------------------------------------------------- opened on its own

  // Outside the widget's frame this page has no host to show or hide it; a link to it must not
  // look like a working chat of the association.
  if (window.parent === window) {
    document.body.append(el('p', {
      className: 'alone',
      lang: 'nl',
      text: 'Deze chat hoort bij de website van de vereniging. Open de chat daar.'
    }));
    return;
  }

  // ---------------------------------------------------------------- build UI

  var ids = { panel: 'hw-panel', title: 'hw-title', input: 'hw-input', privacy: 'hw-privacy' };

  var rootStyle = document.documentElement.style;
  rootStyle.setProperty('--hw-accent', config.accent);
  rootStyle.setProperty('--hw-on-accent', config.onAccent);
  rootStyle.setProperty('--hw-ink', config.ink);

  var closeButton = el('button', {
    type: 'button',
    className: 'close',
    'aria-label': 'Sluit chat',
    title: 'Sluit chat',
    onclick: function () { closePanel(); }
  }, [icon(['M6 6l12 12', 'M18 6L6 18'], 20)]);

  var exitButton = el('button', {
    type: 'button',
    className: 'exit',
    title: 'Verlaat deze website meteen. Het gesprek wordt uit je browser gewist.',
    text: 'Snel weg',
    onclick: quickExit
  });

  var crisis = el('p', { className: 'crisis' }, [
    'Acute nood? Bel ', link('tel:112', '112'),
    ' \u00b7 Somber of su\u00efcidale gedachten? Bel ', link('tel:113', '113')
  ]);

  // tabindex: when the log scrolls, keyboard users need a way to scroll it.
  var log = el('div', {
    className: 'log',
    role: 'log',
    'aria-live': 'polite',
    'aria-relevant': 'additions',
    'aria-label': 'Gesprek met ' + config.title,
    tabindex: '0'
  });

  var typing = el('div', { className: 'typing', role: 'status', hidden: true }, [
    el('span', { className: 'dots', 'aria-hidden': 'true' }, [el('span'), el('span'), el('span')]),
    el('span', { text: config.title + ' typt\u2026' })
  ]);

  var input = el('input', {
    id: ids.input,
    className: 'input',
    type: 'text',
    autocomplete: 'off',
    enterkeyhint: 'send',
    maxlength: String(MAX_INPUT_LENGTH),
    placeholder: 'Stel je vraag\u2026',
    'aria-describedby': ids.privacy,
    oninput: showLengthLimit
  });

  // maxlength cuts a long paste without a word; say so, so nobody thinks all of it was sent.
  var lengthLimit = el('p', {
    className: 'limit',
    role: 'status',
    hidden: true,
    text: 'Je bericht is te lang voor \u00e9\u00e9n keer: alleen de eerste ' + MAX_INPUT_LENGTH +
      ' tekens staan erin. Stuur de rest in een volgend bericht.'
  });

  function showLengthLimit() {
    lengthLimit.hidden = input.value.length < MAX_INPUT_LENGTH;
  }

  var sendButton = el('button', { type: 'submit', className: 'send', text: 'Verstuur' });

  var composer = el('form', { className: 'composer', novalidate: true, onsubmit: onSubmit }, [
    el('label', { className: 'sr-only', for: ids.input, text: 'Je vraag aan ' + config.title }),
    input,
    sendButton
  ]);

  var privacy = el('p', {
    id: ids.privacy,
    text: 'Privacy: je browser bewaart dit gesprek alleen in dit tabblad, tot je het sluit. ' +
      'Op onze server wordt het gesprek maximaal ' + config.retentionDays +
      (config.retentionDays === 1 ? ' dag' : ' dagen') +
      ' bewaard. Zet geen namen of adressen in je vragen.'
  });

  var footer = el('div', { className: 'footer' }, [
    el('button', { type: 'button', className: 'restart', text: 'Nieuw gesprek', onclick: newConversation }),
    privacy
  ]);

  var ownerLine = el('p', { className: 'subtitle owner', hidden: true });
  var ownerAsked = false;

  function showOwner() {
    // Asked once per page, when the chat is first shown: the frame loads with every page of the
    // host site, and a page view without the chat should cost the server no request.
    if (ownerAsked) return;
    ownerAsked = true;
    fetch(ASSOCIATION_ENDPOINT, { method: 'GET', credentials: 'omit' })
      .then(function (res) {
        return res.ok ? res.json() : {};
      })
      .then(function (info) {
        var name = info && typeof info.name === 'string' ? info.name.trim().slice(0, MAX_OWNER_LENGTH) : '';
        if (!name) return;
        ownerLine.textContent = OWNER_PREFIX + name;
        ownerLine.hidden = false;
      })
      .catch(function () {}); // without the name the chat works just the same
  }

  var panel = el('div', {
    id: ids.panel,
    className: 'panel',
    role: 'dialog',
    'aria-modal': 'false',
    'aria-labelledby': ids.title,
    hidden: true,
    onkeydown: function (event) {
      if (event.key === 'Escape' || event.key === 'Esc') {
        event.preventDefault();
        closePanel();
      }
    }
  }, [
    el('div', { className: 'header' }, [
      el('div', { className: 'heading' }, [
        el('h1', { id: ids.title, className: 'title', text: config.title }),
        config.subtitle ? el('p', { className: 'subtitle', text: config.subtitle }) : null,
        ownerLine
      ]),
      el('div', { className: 'actions' }, [exitButton, closeButton])
    ]),
    crisis,
    log,
    typing,
    composer,
    lengthLimit,
    footer
  ]);

  document.title = config.title;
  document.body.append(panel);

  // ---------------------------------------------------------------- rendering

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function renderMessage(msg) {
    var bubble = el('div', { className: 'bubble' });
    if (msg.role === 'bot') {
      appendRichText(bubble, msg.text);
      var imageHref = msg.image && safeHref(msg.image);
      if (imageHref) {
        if (msg.text) bubble.append('\n');
        bubble.append(link(imageHref, 'Bekijk de afbeelding'));
      }
    } else {
      bubble.textContent = msg.text; // the user's own words are never turned into links
    }
    var item = el('div', { className: 'msg msg-' + msg.role }, [
      el('span', { className: 'sr-only', text: msg.role === 'user' ? 'Jij: ' : config.title + ': ' }),
      bubble,
      msg.role === 'bot' && msg.feedback ? renderFeedback(msg) : null
    ]);
    log.append(item);
  }

  function renderFeedback(msg) {
    var box = el('div', { className: 'feedback', role: 'group', 'aria-label': FEEDBACK_QUESTION });
    if (msg.vote) {
      box.append(el('p', { text: FEEDBACK_THANKS }));
      return box;
    }
    box.append(el('p', { text: FEEDBACK_QUESTION, 'aria-hidden': 'true' }));
    [['up', '\uD83D\uDC4D', 'Ja, dit hielp'], ['down', '\uD83D\uDC4E', 'Nee, dit hielp niet']].forEach(function (o) {
      box.append(el('button', {
        type: 'button',
        text: o[1],
        'aria-label': o[2],
        onclick: function () { vote(msg, o[0], box); }
      }));
    });
    return box;
  }

  function vote(msg, value, box) {
    if (msg.vote) return;
    // One tap: thanked at once and stored with the conversation; a failed request is not
    // worth bothering a worried parent about.
    msg.vote = value;
    saveState();
    box.replaceChildren(el('p', { text: FEEDBACK_THANKS }));
    input.focus();
    fetch(FEEDBACK_ENDPOINT, {
      method: 'POST',
      mode: 'same-origin',
      credentials: 'omit',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sender: state.senderId, answer: msg.feedback, value: value })
    }).catch(function () {});
  }

  function renderQuickReplies(buttons) {
    if (!buttons || !buttons.length) return;
    var group = el('div', { className: 'quick', role: 'group', 'aria-label': 'Kies een antwoord' });
    buttons.forEach(function (b) {
      group.append(el('button', {
        type: 'button',
        text: b.title,
        onclick: function () {
          // The title is what the parent chose to "say"; the payload is what the bot needs.
          send(b.payload, b.title);
          input.focus();
        }
      }));
    });
    log.append(group);
  }

  function removeTransient() {
    Array.prototype.forEach.call(log.querySelectorAll('.quick, .notice'), function (n) { n.remove(); });
  }

  function renderAll() {
    log.replaceChildren();
    if (config.greeting) renderMessage({ role: 'bot', text: config.greeting });
    state.messages.forEach(renderMessage);
    // Only the latest bot turn offers choices; older ones were answered or passed by.
    var lastUser = -1;
    state.messages.forEach(function (m, i) { if (m.role === 'user') lastUser = i; });
    state.messages.slice(lastUser + 1).forEach(function (m) { renderQuickReplies(m.buttons); });
    var lastMsg = state.messages[state.messages.length - 1];
    if (lastMsg && lastMsg.role === 'user') {
      // Reloaded while waiting, or the last attempt failed: never leave the question hanging.
      showNotice('Het antwoord op je laatste vraag is niet aangekomen.', function () {
        deliver(lastMsg.payload);
      });
    }
    scrollToEnd();
  }

  function addMessage(msg) {
    state.messages.push(msg);
    saveState();
    renderMessage(msg);
    if (msg.role === 'bot') renderQuickReplies(msg.buttons);
    scrollToEnd();
  }

  function showNotice(text, retry) {
    removeTransient();
    var retryButton = el('button', {
      type: 'button',
      className: 'retry',
      text: 'Opnieuw proberen',
      onclick: function () {
        notice.remove();
        input.focus();
        retry();
      }
    });
    var notice = el('div', { className: 'notice' }, [el('p', { text: text }), retryButton]);
    log.append(notice);
    scrollToEnd();
  }

  // ---------------------------------------------------------------- talking to Rasa

  var pending = null; // { controller, senderId } while a request is out

  function setPending(p) {
    pending = p;
    typing.hidden = !p;
    sendButton.setAttribute('aria-disabled', p ? 'true' : 'false');
    if (p) scrollToEnd();
  }

  function ReplyTimeout() {}

  function postTurn(message, senderId, controller) {
    var timedOut = false;
    var timer = setTimeout(function () {
      timedOut = true;
      controller.abort();
    }, config.timeoutMs);
    return fetch(ENDPOINT, {
      method: 'POST',
      mode: 'same-origin',
      credentials: 'omit',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json' },
      // greeted: the chat showed its own greeting, so the server leaves out its welcome line
      body: JSON.stringify({ sender: senderId, message: message, greeted: !!config.greeting }),
      signal: controller.signal
    }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    }).then(function (body) {
      if (!Array.isArray(body)) throw new Error('Unexpected reply');
      return body;
    }).catch(function (err) {
      throw timedOut ? new ReplyTimeout() : err;
    }).finally(function () {
      clearTimeout(timer);
    });
  }

  function toMessages(replies) {
    return replies.map(function (r) {
      if (!r || typeof r !== 'object') return null;
      var text = typeof r.text === 'string' ? r.text : '';
      var buttons = cleanButtons(r.buttons);
      var image = typeof r.image === 'string' ? r.image : undefined;
      if (!text && !buttons.length && !image) return null;
      var msg = { role: 'bot', text: text, buttons: buttons, image: image };
      if (typeof r.feedback === 'string' && FEEDBACK_ANSWER.test(r.feedback)) msg.feedback = r.feedback;
      return msg;
    }).filter(Boolean);
  }

  function deliver(payload) {
    if (pending) return;
    var controller = new AbortController();
    var senderId = state.senderId;
    setPending({ controller: controller, senderId: senderId });
    postTurn(payload, senderId, controller).then(function (replies) {
      if (state.senderId !== senderId) return; // conversation was reset meanwhile
      setPending(null);
      var msgs = toMessages(replies);
      if (!msgs.length) {
        // Rasa may legitimately answer with nothing; a silent panel looks broken.
        msgs = [{ role: 'bot', text: 'Daar heb ik geen antwoord op. Wil je het anders vragen?', buttons: [] }];
      }
      msgs.forEach(addMessage);
    }, function (err) {
      if (state.senderId !== senderId || leaving) return;
      setPending(null);
      var text;
      if (err instanceof ReplyTimeout) {
        text = 'Het antwoord duurt te lang. Probeer het opnieuw.';
      } else if (navigator.onLine === false) {
        text = 'Er is geen internetverbinding. Probeer het opnieuw als je weer verbinding hebt.';
      } else {
        text = 'Er ging iets mis. Probeer het opnieuw.';
      }
      showNotice(text, function () { deliver(payload); });
    });
  }

  function send(payload, shownText) {
    var text = String(shownText || '').trim();
    if (!text || pending) return false;
    removeTransient();
    addMessage({ role: 'user', text: text, payload: String(payload || '').trim() || text });
    deliver(state.messages[state.messages.length - 1].payload);
    return true;
  }

  function onSubmit(event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) {
      input.focus();
      return;
    }
    if (send(text, text)) input.value = '';
    showLengthLimit();
  }

  // ---------------------------------------------------------------- panel actions

  // hechtwijzer.js shows the frame and then asks to open (launcher clicked), or shows it
  // without asking when 'ready' said the chat was open before a reload.
  function openPanel(moveFocus) {
    showOwner();
    panel.hidden = false;
    state.open = true;
    saveState();
    scrollToEnd();
    if (moveFocus) input.focus();
  }

  function closePanel() {
    panel.hidden = true;
    state.open = false;
    saveState();
    tellHost('close'); // the host hides the frame and puts the focus back on its launcher
  }

  function abortPending() {
    if (pending) pending.controller.abort();
    setPending(null);
  }

  function newConversation() {
    abortPending();
    var wasOpen = state.open;
    state = freshState();
    state.open = wasOpen;
    saveState();
    input.value = '';
    showLengthLimit();
    renderAll();
    input.focus();
  }

  function quickExit() {
    // Order matters: wipe first, then leave, so nothing can be read back via history.
    leaving = true;
    abortPending();
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch (e) {
      // nothing stored, nothing to wipe
    }
    log.replaceChildren();
    input.value = '';
    panel.hidden = true;
    // The host page leaves for the neutral site (location.replace there: the Back button must
    // not lead back). It has the address; this frame cannot move the whole tab by itself.
    tellHost('exit');
  }

  // ---------------------------------------------------------------- start

  window.addEventListener('message', function (event) {
    if (fromHost(event) && event.data && event.data.hechtwijzer === 'open') openPanel(true);
  });

  renderAll();
  // Restored after a reload: open again, but don't steal focus from the page.
  if (state.open) {
    showOwner();
    panel.hidden = false;
  }
  tellHost('ready', state.open);
})();
