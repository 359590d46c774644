# nginx image: the widget's files and the one template (rendered by the image's entrypoint).
# hechtwijzer.js (on the association's site) and the chat in its frame (chat.html, .js, .css);
# not the demo page: that is for trying the widget on your own machine.
#   docker build -f deploy/docker/nginx.Dockerfile -t hechtwijzer/nginx:1.22 .
FROM nginx:1.22
COPY bot/web/hechtwijzer.js bot/web/chat.html bot/web/chat.js bot/web/chat.css /usr/share/nginx/hechtwijzer/
COPY deploy/nginx/hechtwijzer.conf.template /etc/nginx/templates/hechtwijzer.conf.template
RUN rm -f /etc/nginx/conf.d/default.conf
