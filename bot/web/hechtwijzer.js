/*!
 * Hechtwijzer chatwidget - digitale gids over hechting, geen hulpverlener.
 *
 * Insluiten:
 *   <script src="https://EXAMPLE/hechtwijzer.js" data-server="https://EXAMPLE" defer></script>
 *
 * This file is pure ASCII (Dutch characters are written as \u escapes): host pages that
 * declare no charset, or a legacy one, would otherwise garble the widget's text.
 *
 * Plain JavaScript without dependencies on purpose: the association's CMS can only
 * paste one tag, and nothing may be fetched from a CDN at run time.
 *
 * Safety rule for this file: every piece of user or bot text reaches the page through
 * textContent or Text nodes only. Markup is never built from strings, so a message can
 * never become code. tests/browser/test_web_widget_static.py enforces this.
 */
(function () {
  'use strict';

  // A CMS template may include the tag twice; two widgets would share one
  // sessionStorage conversation and fight over it.
  if (window.__hechtwijzerWidget) return;
  window.__hechtwijzerWidget = true;

  var script = document.currentScript ||
    document.querySelector('script[src*="hechtwijzer"][data-server]') ||
    document.querySelector('script[src*="hechtwijzer"]');
  var data = (script && script.dataset) || {};

  var STORAGE_KEY = 'hechtwijzer.gesprek.v1';
  var MAX_STORED_MESSAGES = 200;
  var MAX_INPUT_LENGTH = 1000;
  var DEFAULT_COLOR = '#1f5e7a';
  var DEFAULT_EXIT_URL = 'https://www.google.nl/';
  var SAFE_PROTOCOLS = ['http:', 'https:', 'tel:', 'mailto:'];

  // ---------------------------------------------------------------- config

  function httpUrl(value, fallback) {
    if (!value) return fallback;
    try {
      var url = new URL(value, window.location.href);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : fallback;
    } catch (e) {
      return fallback;
    }
  }

  function positiveNumber(value, fallback) {
    var n = Number(value);
    return isFinite(n) && n > 0 ? n : fallback;
  }

  // Only plain hex colours: anything else could smuggle arbitrary CSS into the theme.
  function hexColor(value) {
    var m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(value || '').trim());
    if (!m) return null;
    var h = m[1].length === 3 ? m[1].replace(/./g, '$&$&') : m[1];
    return '#' + h.toLowerCase();
  }

  function defaultServer() {
    // Served by the same host as the bot (nginx profile), the script's own origin is right.
    try {
      return new URL(script.src).origin;
    } catch (e) {
      return window.location.origin;
    }
  }

  function endpointFor(server) {
    var base = server.replace(/\/+$/, '');
    return /\/webhooks\/rest\/webhook$/.test(base) ? base : base + '/webhooks/rest/webhook';
  }

  // Feedback under a knowledge answer (issue 14): the channel marks such a reply with the
  // answer's response name; thumbs up/down goes to .../feedback and never sends a chat message.
  var FEEDBACK_ANSWER = /^utter_(kennis\/|meer_)[A-Za-z0-9_.-]{1,150}$/;
  var FEEDBACK_QUESTION = 'Had je hier iets aan?';
  var FEEDBACK_THANKS = 'Bedankt voor je reactie.';

  function feedbackEndpointFor(endpoint) {
    return endpoint.replace(/\/webhook$/, '/feedback');
  }

  // The association that embeds the chat is named by the server (content/association.yml), not
  // in this file or the tag: one place for it. No association configured: nothing is shown.
  var OWNER_PREFIX = 'Aangeboden door ';
  var MAX_OWNER_LENGTH = 120;

  function associationEndpointFor(endpoint) {
    return endpoint.replace(/\/webhook$/, '/association');
  }

  var title = (data.title || '').trim() || 'Hechtwijzer';
  var config = {
    endpoint: endpointFor(httpUrl(data.server, null) || defaultServer()),
    title: title,
    subtitle: (data.subtitle || '').trim() || 'digitale gids over hechting, geen hulpverlener',
    launcherText: (data.launcherText || '').trim() || 'Chat met ' + title,
    greeting: (data.greeting || '').trim() ||
      'Hoi! Ik ben ' + title + ', een digitale gids over hechting bij kinderen. ' +
      'Ik ben geen hulpverlener. Waar wil je meer over weten?',
    color: hexColor(data.color) || DEFAULT_COLOR,
    exitUrl: httpUrl(data.exitUrl, DEFAULT_EXIT_URL),
    retentionDays: Math.round(positiveNumber(data.retentionDays, 30)),
    timeoutMs: positiveNumber(data.timeout, 20) * 1000,
    position: data.position === 'left' ? 'left' : 'right'
  };

  // ---------------------------------------------------------------- colours

  function luminance(hex) {
    var n = parseInt(hex.slice(1), 16);
    var c = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function contrast(a, b) {
    var la = luminance(a);
    var lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  // The CMS editor picks any brand colour; text on it and links in it must still meet
  // WCAG AA (4.5:1), so derive the companion colours instead of trusting the choice.
  var BOT_BUBBLE = '#eef2f5';
  var onAccent = contrast(config.color, '#ffffff') >= contrast(config.color, '#111111') ? '#ffffff' : '#111111';
  var ink = contrast(config.color, BOT_BUBBLE) >= 4.5 ? config.color : '#0b4a6f';

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

  // ---------------------------------------------------------------- styles

  var CSS = [
    ':host{all:initial}',
    '*,*::before,*::after{box-sizing:border-box}',
    '[hidden]{display:none!important}',
    '.hw{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;',
    'font-size:16px;line-height:1.45;color:#1b1b1b;-webkit-text-size-adjust:100%}',
    '.sr-only{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;',
    'clip:rect(0,0,0,0);white-space:nowrap;border:0}',
    'button,input{font:inherit;color:inherit;margin:0}',
    'button{cursor:pointer}',
    // Two-tone ring: visible on the white panel and on any brand-coloured header.
    ':focus-visible{outline:3px solid #111;outline-offset:2px;box-shadow:0 0 0 2px #fff}',
    '.launcher{position:fixed;bottom:20px;right:20px;z-index:2147483000;display:inline-flex;',
    'align-items:center;gap:8px;min-height:48px;padding:10px 18px;border:2px solid var(--hw-on-accent);',
    'border-radius:999px;background:var(--hw-accent);color:var(--hw-on-accent);font-weight:700;',
    'font-size:16px;box-shadow:0 4px 14px rgba(0,0,0,.25)}',
    '.launcher svg{fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}',
    '.left .launcher{right:auto;left:20px}',
    '.panel{position:fixed;bottom:20px;right:20px;z-index:2147483001;width:390px;',
    'height:min(660px,calc(100vh - 40px));display:flex;flex-direction:column;background:#fff;',
    'border:1px solid #c9d1d8;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.28);overflow:hidden}',
    '.left .panel{right:auto;left:20px}',
    '.header{display:flex;align-items:flex-start;gap:8px;padding:12px 10px 12px 16px;',
    'background:var(--hw-accent);color:var(--hw-on-accent)}',
    '.heading{flex:1;min-width:0}',
    '.title{margin:0;font-size:18px;font-weight:700;line-height:1.3;color:inherit}',
    '.subtitle{margin:2px 0 0;font-size:13px;line-height:1.3}',
    '.actions{display:flex;align-items:center;gap:6px;flex-shrink:0}',
    '.exit{min-height:36px;padding:4px 14px;border:2px solid #fff;border-radius:999px;background:#fff;',
    'color:#111;font-size:14px;font-weight:700;white-space:nowrap}',
    '.exit:hover{text-decoration:underline}',
    '.close{display:inline-flex;align-items:center;justify-content:center;width:40px;height:40px;',
    'padding:0;border:2px solid transparent;border-radius:8px;background:transparent;color:inherit}',
    '.close:hover{border-color:currentColor}',
    '.close svg{fill:none;stroke:currentColor;stroke-width:2.5;stroke-linecap:round}',
    '.crisis{margin:0;padding:8px 16px;background:#fdecec;color:#7a1111;font-size:14px;',
    'line-height:1.35;border-bottom:1px solid #efc4c4}',
    '.crisis a{color:#7a1111;font-weight:700;text-decoration:underline}',
    '.log{flex:1;min-height:0;overflow-y:auto;padding:14px 16px;display:flex;flex-direction:column;gap:10px;',
    'background:#fff;overscroll-behavior:contain}',
    '.msg{display:flex;flex-direction:column;max-width:86%}',
    '.msg-user{align-self:flex-end}',
    '.msg-bot{align-self:flex-start}',
    '.bubble{padding:8px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}',
    '.msg-bot .bubble{background:' + BOT_BUBBLE + ';color:#1b1b1b;border-bottom-left-radius:4px}',
    '.msg-user .bubble{background:var(--hw-accent);color:var(--hw-on-accent);border-bottom-right-radius:4px}',
    '.bubble a{color:var(--hw-ink);font-weight:600;text-decoration:underline}',
    '.bubble a[href^="tel:"]{white-space:nowrap}',
    '.quick{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start;max-width:100%;margin:0;padding:0}',
    '.quick button{min-height:36px;padding:5px 14px;border:2px solid var(--hw-ink);border-radius:999px;',
    'background:#fff;color:var(--hw-ink);font-size:15px;font-weight:600;text-align:left}',
    '.quick button:hover{background:' + BOT_BUBBLE + '}',
    '.feedback{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin:4px 0 0;font-size:14px;color:#3d4850}',
    '.feedback p{margin:0}',
    '.feedback button{min-width:44px;min-height:36px;padding:2px 10px;border:2px solid var(--hw-ink);',
    'border-radius:999px;background:#fff;font-size:18px;line-height:1}',
    '.feedback button:hover{background:' + BOT_BUBBLE + '}',
    '.notice{align-self:stretch;padding:10px 12px;border:1px solid #d9b44a;border-radius:10px;',
    'background:#fff8e1;color:#3b2d00}',
    '.notice p{margin:0 0 8px}',
    '.retry{min-height:36px;padding:5px 14px;border:2px solid #3b2d00;border-radius:999px;background:#fff;',
    'color:#3b2d00;font-weight:700;font-size:15px}',
    '.typing{display:flex;align-items:center;gap:8px;padding:2px 16px 8px;font-size:14px;color:#444}',
    '.dots{display:inline-flex;gap:4px}',
    '.dots span{width:7px;height:7px;border-radius:50%;background:#5f6b73;animation:hw-blink 1.2s infinite ease-in-out}',
    '.dots span:nth-child(2){animation-delay:.2s}',
    '.dots span:nth-child(3){animation-delay:.4s}',
    '@keyframes hw-blink{0%,80%,100%{opacity:.25}40%{opacity:1}}',
    '@media (prefers-reduced-motion:reduce){.dots span{animation:none;opacity:.7}}',
    '.composer{display:flex;gap:8px;padding:10px 12px;border-top:1px solid #d5dce2;background:#fff}',
    '.input{flex:1;min-width:0;min-height:44px;padding:8px 12px;border:2px solid #6b747b;border-radius:10px;',
    'background:#fff;color:#1b1b1b;font-size:16px}',
    '.input::placeholder{color:#5f676d;opacity:1}',
    '.send{min-height:44px;padding:8px 16px;border:2px solid var(--hw-accent);border-radius:10px;',
    'background:var(--hw-accent);color:var(--hw-on-accent);font-weight:700;font-size:16px}',
    '.send[aria-disabled="true"]{cursor:progress}',
    '.limit{margin:0;padding:0 12px 8px;background:#fff;font-size:14px;color:#3b2d00}',
    '.footer{padding:8px 12px 12px;background:#f6f8f9;border-top:1px solid #e1e6ea;font-size:13px;',
    'line-height:1.4;color:#3d4449}',
    '.footer p{margin:6px 0 0}',
    '.restart{min-height:32px;padding:3px 12px;border:2px solid #6b747b;border-radius:999px;background:#fff;',
    'color:#1b1b1b;font-size:14px;font-weight:600}',
    // Phones: a floating box on 360 px leaves no room to read; take the whole screen.
    '@media (max-width:480px){',
    '.panel,.left .panel{top:0;right:0;bottom:0;left:0;width:100%;height:100%;max-height:none;',
    'border:0;border-radius:0;box-shadow:none}',
    '.launcher,.left .launcher{bottom:12px;right:12px}',
    '.left .launcher{right:auto;left:12px}',
    '.msg{max-width:92%}',
    '.header{padding:10px 8px 10px 12px}',
    '}'
  ].join('');

  // ---------------------------------------------------------------- build UI

  var host = document.createElement('hechtwijzer-chat');
  var root = host.attachShadow({ mode: 'open' }); // open: axe and assistive tech can look inside

  if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === 'function') {
    try {
      // Constructed sheets are not blocked by a host page CSP without 'unsafe-inline'.
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      root.append(el('style', { text: CSS }));
    }
  } else {
    root.append(el('style', { text: CSS }));
  }

  var ids = { panel: 'hw-panel', title: 'hw-title', input: 'hw-input', privacy: 'hw-privacy' };

  var wrapper = el('div', { className: 'hw' + (config.position === 'left' ? ' left' : ''), lang: 'nl' });
  wrapper.style.setProperty('--hw-accent', config.color);
  wrapper.style.setProperty('--hw-on-accent', onAccent);
  wrapper.style.setProperty('--hw-ink', ink);

  var launcher = el('button', {
    type: 'button',
    className: 'launcher',
    'aria-expanded': 'false',
    'aria-controls': ids.panel,
    onclick: function () { openPanel(true); }
  }, [
    icon(['M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z'], 22),
    el('span', { text: config.launcherText })
  ]);

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
    // Asked once per page, when the chat is first opened: a page view without the chat
    // costs the server nothing.
    if (ownerAsked) return;
    ownerAsked = true;
    fetch(associationEndpointFor(config.endpoint), { method: 'GET', mode: 'cors', credentials: 'omit' })
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
        el('h2', { id: ids.title, className: 'title', text: config.title }),
        el('p', { className: 'subtitle', text: config.subtitle }),
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

  wrapper.append(launcher, panel);
  root.append(wrapper);

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
    fetch(feedbackEndpointFor(config.endpoint), {
      method: 'POST',
      mode: 'cors',
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
    renderMessage({ role: 'bot', text: config.greeting });
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

  function postMessage(message, senderId, controller) {
    var timedOut = false;
    var timer = setTimeout(function () {
      timedOut = true;
      controller.abort();
    }, config.timeoutMs);
    return fetch(config.endpoint, {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sender: senderId, message: message }),
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
    postMessage(payload, senderId, controller).then(function (replies) {
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

  function openPanel(moveFocus) {
    showOwner();
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute('aria-expanded', 'true');
    state.open = true;
    saveState();
    scrollToEnd();
    if (moveFocus) input.focus();
  }

  function closePanel() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute('aria-expanded', 'false');
    state.open = false;
    saveState();
    launcher.focus();
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
    // replace(), not assign(): the Back button must not lead back to this page.
    window.location.replace(config.exitUrl);
  }

  // ---------------------------------------------------------------- start

  function mount() {
    document.body.append(host);
    renderAll();
    // Restored after a reload: show it again, but don't steal focus from the page.
    if (state.open) openPanel(false);
  }

  if (document.body) {
    mount();
  } else {
    document.addEventListener('DOMContentLoaded', mount);
  }
})();
