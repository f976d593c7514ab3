# The database image of docker-compose.yml: the official PostGIS image with pgRouting added from the
# PostgreSQL apt repository it already carries (suggested patrol routes, data/migrations/021_routing.sql).
FROM postgis/postgis:16-3.4
RUN apt-get update \
  && apt-get install -y --no-install-recommends postgresql-$PG_MAJOR-pgrouting \
  && rm -rf /var/lib/apt/lists/*
