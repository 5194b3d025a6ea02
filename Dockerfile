# One image for both services: `web` (tensordojo serve, no GPU) and `runner`
# (tensordojo worker, GPU). Build: docker compose build
FROM python:3.11-slim

WORKDIR /app
# torch: CPU build by default; for the GPU runner build with
#   docker compose build --build-arg TORCH_SPEC="torch==2.13.0"
# against pip's default index (CUDA builds for Linux).
ARG TORCH_SPEC="torch==2.13.0"
ARG TORCH_INDEX=""
RUN pip install --no-cache-dir ${TORCH_INDEX:+--index-url "$TORCH_INDEX"} "$TORCH_SPEC"

COPY pyproject.toml README.md ./
COPY runner ./runner
COPY app ./app
COPY templates ./templates
COPY problems ./problems
RUN pip install --no-cache-dir ".[web,triton]"

ENV TENSORDOJO_DATA_DIR=/data \
    TENSORDOJO_PROBLEMS_DIR=/app/problems
VOLUME ["/data"]
EXPOSE 8000
CMD ["tensordojo", "serve", "--host", "0.0.0.0", "--port", "8000"]
