# nginx image: the widget files and the one template (rendered by the image's entrypoint).
#   docker build -f deploy/docker/nginx.Dockerfile -t hechtwijzer/nginx:1.22 .
FROM nginx:1.22
COPY bot/web /usr/share/nginx/hechtwijzer
COPY deploy/nginx/hechtwijzer.conf.template /etc/nginx/templates/hechtwijzer.conf.template
RUN rm -f /etc/nginx/conf.d/default.conf
