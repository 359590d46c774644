# Rasa server image of Hechtwijzer: the stock Rasa image + the Dutch spaCy pipeline + our code
# (REST channel, crisis guard) and the trained model. Build from the repo root:
#   docker build -f deploy/docker/rasa.Dockerfile -t hechtwijzer/rasa:3.6.21 .
# SPACY_PIPELINE must be the pipeline the model was trained with (python -m bot.nlp.spacy_choice).
FROM rasa/rasa:3.6.21-full
ARG SPACY_PIPELINE=nl_core_news_sm
ARG SPACY_WHEEL=https://github.com/explosion/spacy-models/releases/download/nl_core_news_sm-3.4.0/nl_core_news_sm-3.4.0-py3-none-any.whl
USER root
RUN pip install --no-cache-dir --no-deps "${SPACY_WHEEL}"
COPY bot /app/bot
COPY content /app/content
COPY credentials.yml /app/credentials.yml
COPY deploy/endpoints-scaled.yml /app/deploy/endpoints-scaled.yml
COPY deploy/rasa-start.sh /app/deploy/rasa-start.sh
COPY models/hechtwijzer.tar.gz /app/models/hechtwijzer.tar.gz
ENV PYTHONPATH=/app RASA_TELEMETRY_ENABLED=false HECHTWIJZER_SPACY_MODEL=${SPACY_PIPELINE}
USER 1001
# Checks the settings (no placeholder password, well-written HECHTWIJZER_CORS_ORIGINS),
# as deploy/scaled.sh does; the command (compose `command`, k8s `args`) is "run ...".
ENTRYPOINT ["/bin/sh", "/app/deploy/rasa-start.sh"]
