// Demo page only — never part of the embed snippet.
// The widget script above is deferred, so it has not run yet; adjusting its data
// attributes here lets tests use a fake server (?server=, on localhost only) and a short
// time-out (?timeout=) without a second copy of the page.
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var tag = document.querySelector('script[src$="hechtwijzer.js"]');
  if (!tag) return;

  // Only on this machine: on a real site, a link with ?server= would run the real widget
  // against any server someone chooses.
  var local = ['localhost', '127.0.0.1', '[::1]', '::1'].indexOf(window.location.hostname) !== -1;
  var server = params.get('server');
  if (local && server && /^https?:\/\//i.test(server)) tag.setAttribute('data-server', server);

  var timeout = params.get('timeout');
  if (timeout && /^\d+(\.\d+)?$/.test(timeout)) tag.setAttribute('data-timeout', timeout);

  var color = params.get('color');
  if (color && /^#[0-9a-f]{3,6}$/i.test(color)) tag.setAttribute('data-color', color);
})();
