# nginx image: the widget's files and the one template (rendered by the image's entrypoint).
# hechtwijzer.js (on the association's site) and the chat in its frame (chat.html, .js, .css);
# not the demo page: that is for trying the widget on your own machine.
#   docker build -f deploy/docker/nginx.Dockerfile -t hechtwijzer/nginx:1.30 .
# nginx's stable line (1.30, April 2026; the next, 1.32, comes in April 2027 and then replaces
# it): the line, not a patch release, so a rebuild picks up its security fixes. The scaled
# profile on one machine runs Debian's nginx (1.22 in bookworm, patched by Debian); the one
# template works on both (tests/scaled/test_nginx.py runs it on Debian's).
FROM nginx:1.30
COPY bot/web/hechtwijzer.js bot/web/chat.html bot/web/chat.js bot/web/chat.css /usr/share/nginx/hechtwijzer/
COPY deploy/nginx/hechtwijzer.conf.template /etc/nginx/templates/hechtwijzer.conf.template
RUN rm -f /etc/nginx/conf.d/default.conf
