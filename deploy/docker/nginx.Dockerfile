# nginx image: the widget file and the one template (rendered by the image's entrypoint).
# Only hechtwijzer.js: the demo page is for trying the widget on your own machine.
#   docker build -f deploy/docker/nginx.Dockerfile -t hechtwijzer/nginx:1.22 .
FROM nginx:1.22
COPY bot/web/hechtwijzer.js /usr/share/nginx/hechtwijzer/hechtwijzer.js
COPY deploy/nginx/hechtwijzer.conf.template /etc/nginx/templates/hechtwijzer.conf.template
RUN rm -f /etc/nginx/conf.d/default.conf
