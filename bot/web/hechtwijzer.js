/*!
 * Hechtwijzer chatwidget - digitale gids over hechting, geen hulpverlener.
 *
 * Insluiten:
 *   <script src="https://EXAMPLE/hechtwijzer.js" data-server="https://EXAMPLE" defer></script>
 *
 * This script runs on the association's site and draws two things: the launcher button and a
 * frame with the chat itself (chat.html and chat.js, from the bot's server: data-server). The
 * conversation - what a parent types, the answers, the copy kept for a reload - exists only
 * inside that frame. It has another origin than the host page, so the host page's own scripts
 * (analytics, tag managers) cannot read it. Between the two, postMessage carries only the
 * words 'open' (from here) and 'ready', 'close', 'exit' (from the frame); never text.
 * tests/browser/test_web_widget.py::test_host_page_scripts_cannot_read_the_conversation.
 *
 * This file is pure ASCII (Dutch characters are written as \u escapes): host pages that
 * declare no charset, or a legacy one, would otherwise garble the widget's text.
 *
 * Plain JavaScript without dependencies on purpose: the association's CMS can only
 * paste one tag, and nothing may be fetched from a CDN at run time.
 *
 * Safety rule for this file: text reaches the page through textContent or Text nodes only.
 * Markup is never built from strings. tests/browser/test_web_widget_static.py enforces this.
 */
(function () {
  'use strict';

  // A CMS template may include the tag twice; two widgets would show two chats.
  if (window.__hechtwijzerWidget) return;
  window.__hechtwijzerWidget = true;

  var script = document.currentScript ||
    document.querySelector('script[src*="hechtwijzer"][data-server]') ||
    document.querySelector('script[src*="hechtwijzer"]');
  var data = (script && script.dataset) || {};

  var DEFAULT_COLOR = '#1f5e7a';
  var DEFAULT_EXIT_URL = 'https://www.google.nl/';

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

  // data-server is the bot's address; older embeds gave the webhook itself. The chat page
  // lives next to the webhook, on the bot's server.
  function chatPageFor(server) {
    var base = server.replace(/\/+$/, '').replace(/\/webhooks\/rest\/webhook$/, '');
    return new URL(base + '/chat.html');
  }

  var title = (data.title || '').trim() || 'Hechtwijzer';
  var config = {
    chatPage: chatPageFor(httpUrl(data.server, null) || defaultServer()),
    title: title,
    subtitle: (data.subtitle || '').trim() || 'digitale gids over hechting, geen hulpverlener',
    launcherText: (data.launcherText || '').trim() || 'Chat met ' + title,
    greeting: (data.greeting || '').trim() ||
      'Hoi! Ik ben ' + title + ', een digitale gids over hechting bij kinderen. ' +
      'Ik ben geen hulpverlener. Waar wil je meer over weten?',
    color: hexColor(data.color) || DEFAULT_COLOR,
    exitUrl: httpUrl(data.exitUrl, DEFAULT_EXIT_URL),
    retentionDays: Math.round(positiveNumber(data.retentionDays, 30)),
    timeout: positiveNumber(data.timeout, 20),
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
  var BOT_BUBBLE = '#eef2f5'; // the bot's bubble in chat.css, where the links are
  var onAccent = contrast(config.color, '#ffffff') >= contrast(config.color, '#111111') ? '#ffffff' : '#111111';
  var ink = contrast(config.color, BOT_BUBBLE) >= 4.5 ? config.color : '#0b4a6f';


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

  // ---------------------------------------------------------------- styles

  var CSS = [
    ':host{all:initial}',
    '*,*::before,*::after{box-sizing:border-box}',
    '[hidden]{display:none!important}',
    '.hw{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;',
    'font-size:16px;line-height:1.45;color:#1b1b1b;-webkit-text-size-adjust:100%}',
    'button{font:inherit;margin:0;cursor:pointer}',
    // Two-tone ring: visible on any page background and on any brand colour.
    ':focus-visible{outline:3px solid #111;outline-offset:2px;box-shadow:0 0 0 2px #fff}',
    '.launcher{position:fixed;bottom:20px;right:20px;z-index:2147483000;display:inline-flex;',
    'align-items:center;gap:8px;min-height:48px;padding:10px 18px;border:2px solid var(--hw-on-accent);',
    'border-radius:999px;background:var(--hw-accent);color:var(--hw-on-accent);font-weight:700;',
    'font-size:16px;box-shadow:0 4px 14px rgba(0,0,0,.25)}',
    '.launcher svg{fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}',
    '.left .launcher{right:auto;left:20px}',
    '.frame{position:fixed;bottom:20px;right:20px;z-index:2147483001;display:block;width:390px;',
    'height:min(660px,calc(100vh - 40px));margin:0;padding:0;background:#fff;color-scheme:light;',
    'border:1px solid #c9d1d8;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.28)}',
    // The focus is on a field or button inside the chat, which shows its own ring.
    '.frame:focus{outline:none}',
    '.left .frame{right:auto;left:20px}',
    // Phones: a floating box on 360 px leaves no room to read; take the whole screen.
    '@media (max-width:480px){',
    '.frame,.left .frame{top:0;right:0;bottom:0;left:0;width:100%;height:100%;',
    'border:0;border-radius:0;box-shadow:none}',
    '.launcher{bottom:12px;right:12px}',
    '.left .launcher{right:auto;left:12px}',
    '}'
  ].join('');

  // ---------------------------------------------------------------- build UI

  var host = document.createElement('hechtwijzer-chat');
  // Open: axe and assistive tech can look inside. It holds the button and the frame only;
  // the conversation is inside the frame, out of this page's reach.
  var root = host.attachShadow({ mode: 'open' });

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

  var wrapper = el('div', { className: 'hw' + (config.position === 'left' ? ' left' : ''), lang: 'nl' });
  wrapper.style.setProperty('--hw-accent', config.color);
  wrapper.style.setProperty('--hw-on-accent', onAccent);

  // Hidden until the chat says it is ready: on a site that is not allowed to show the chat
  // (frame-ancestors on the bot's server) no button appears that would open an empty frame.
  var launcher = el('button', {
    type: 'button',
    className: 'launcher',
    'aria-expanded': 'false',
    hidden: true,
    onclick: openChat
  }, [
    icon(['M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z'], 22),
    el('span', { text: config.launcherText })
  ]);

  // What the chat needs to look right; in the #fragment, so no server ever logs it.
  var settings = new URLSearchParams({
    title: config.title,
    subtitle: config.subtitle,
    greeting: config.greeting,
    accent: config.color,
    onAccent: onAccent,
    ink: ink,
    retention: String(config.retentionDays),
    timeout: String(config.timeout),
    host: window.location.origin
  });
  var chatOrigin = config.chatPage.origin;

  var frame = el('iframe', {
    className: 'frame',
    title: 'Chat van ' + config.title,
    src: config.chatPage.href + '#' + settings.toString(),
    // The chat page need not know which page of the site the parent was reading.
    referrerpolicy: 'no-referrer',
    hidden: true
  });

  wrapper.append(launcher, frame);
  root.append(wrapper);

  // ---------------------------------------------------------------- talking to the chat

  function showChat() {
    frame.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute('aria-expanded', 'true');
  }

  function showLauncher(moveFocus) {
    frame.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute('aria-expanded', 'false');
    if (moveFocus) launcher.focus();
  }

  function openChat() {
    showChat();
    // Focus the frame first: the chat may then put it on its text field.
    frame.focus();
    frame.contentWindow.postMessage({ hechtwijzer: 'open' }, chatOrigin);
  }

  window.addEventListener('message', function (event) {
    if (event.source !== frame.contentWindow || event.origin !== chatOrigin) return;
    var kind = event.data && event.data.hechtwijzer;
    if (kind === 'ready') {
      // Open before a reload of the page: show it again, but don't steal focus from the page.
      if (event.data.open === true) showChat();
      else showLauncher(false);
    } else if (kind === 'close') {
      showLauncher(true);
    } else if (kind === 'exit') {
      // "Snel weg": the chat has wiped itself. replace(), not assign(): the Back button must
      // not lead back to this page.
      frame.hidden = true;
      launcher.hidden = true;
      window.location.replace(config.exitUrl);
    }
  });

  // ---------------------------------------------------------------- start

  function mount() {
    document.body.append(host);
  }

  if (document.body) {
    mount();
  } else {
    document.addEventListener('DOMContentLoaded', mount);
  }
})();
