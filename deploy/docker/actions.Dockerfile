# Action server image: the stock Rasa SDK image + actions/ and the data they read.
#   docker build -f deploy/docker/actions.Dockerfile -t hechtwijzer/actions:3.6.2 .
FROM rasa/rasa-sdk:3.6.2
USER root
# The help lines' hours need the holiday calendar, pinned by constraints.txt as in `make install`.
COPY constraints.txt /tmp/pins/
RUN pip install --no-cache-dir -c /tmp/pins/constraints.txt holidays
COPY actions /app/actions
COPY bot /app/bot
COPY content /app/content
ENV PYTHONPATH=/app
USER 1001
