#!/usr/bin/env bash
# Writes the secrets compose.yaml refers to, under deploy/compose/secrets/ (git-ignored), once:
#   erlang-cookie           the RabbitMQ nodes' shared Erlang cookie
#   broker-passwords        "user password" per broker user of deploy/rabbitmq/definitions.json
#   <service>.env           RabbitMq__Uri and Auth__ClientSecret for each service (and the aggregator's
#                           ConnectionStrings__Aggregator and ConnectionStrings__Redis)
#   postgres-password, redis-password
#   keycloak-admin-password the rehearsal Keycloak's admin (user admin)
#   keycloak-clients        "client secret" per service client of deploy/keycloak/balkanhub-realm.json
#   keycloak-users          "user password" per rehearsal user of the realm: hand them to the people playing
#                           each participant (the keycloak-secrets service sets both lists in Keycloak)
#   signing-keys/<cc>.pem   each contact point's ECDSA P-256 key (PKCS#8 PEM), key id <CC>-1
#   trusted-keys.json       the aggregators' file of the contact points' public keys
# It refuses to overwrite: remove secrets/ to start again (then also the compose volumes, whose broker
# users and databases hold the old passwords).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
deploy=$(dirname "$here")
secrets=$here/secrets
[ -e "$secrets" ] && { echo "make-secrets.sh: $secrets exists; remove it to start again" >&2; exit 1; }
umask 077
mkdir -p "$secrets/signing-keys"

random() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "${1:-32}"; }

random 48 >"$secrets/erlang-cookie"
postgres_password=$(random)
printf '%s' "$postgres_password" >"$secrets/postgres-password"
redis_password=$(random)
printf '%s' "$redis_password" >"$secrets/redis-password"

# One password per broker user the definitions declare: the same list ./run.sh reads. Each broker user is a
# service, and the realm names each service's Keycloak client after it (a deployment test checks both lists
# agree), so the service's client secret goes in the same env file.
: >"$secrets/broker-passwords"
: >"$secrets/keycloak-clients"
for user in $(grep -o '"user": *"[^"]*"' "$deploy/rabbitmq/definitions.json" | sed 's/.*"\([^"]*\)"$/\1/' | sort -u); do
  password=$(random)
  echo "$user $password" >>"$secrets/broker-passwords"
  echo "RabbitMq__Uri=amqp://$user:$password@rabbitmq-1:5672/" >"$secrets/$user.env"
  client_secret=$(random)
  echo "$user $client_secret" >>"$secrets/keycloak-clients"
  echo "Auth__ClientSecret=$client_secret" >>"$secrets/$user.env"
done

# The realm's users are imported without credentials; these are the passwords keycloak-secrets gives them.
random 32 >"$secrets/keycloak-admin-password"
: >"$secrets/keycloak-users"
for user in $(grep -o '"username": *"[^"]*"' "$deploy/keycloak/balkanhub-realm.json" | sed 's/.*"\([^"]*\)"$/\1/'); do
  echo "$user $(random 20)" >>"$secrets/keycloak-users"
done
echo "ConnectionStrings__Aggregator=Host=postgres;Database=balkanhub;Username=balkanhub;Password=$postgres_password" >>"$secrets/aggregator.env"
echo "ConnectionStrings__Redis=redis:6379,password=$redis_password" >>"$secrets/aggregator.env"

# A key pair per participant that runs a contact point (countries and observers in the route file).
{
  echo '{"keys": ['
  sep=
  for code in $(sed -n -E 's/.*"code": *"([A-Z]*)".*"role": *"(country|observer)".*/\1/p' "$deploy/route.json" | sort); do
    lower=$(echo "$code" | tr '[:upper:]' '[:lower:]')
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$secrets/signing-keys/$lower.pem" 2>/dev/null
    public_key=$(openssl pkey -in "$secrets/signing-keys/$lower.pem" -pubout | awk '{printf "%s\\n", $0}')
    printf '%s  {"country": "%s", "keyId": "%s-1", "publicKey": "%s"}\n' "$sep" "$code" "$code" "$public_key"
    sep=,
  done
  echo ']}'
} >"$secrets/trusted-keys.json"

# Compose mounts secret files as they are, and the services run as the images' non-root users, so the
# files must be readable by others; the folder itself stays private to this user.
chmod 700 "$secrets"
find "$secrets" -type f -exec chmod 444 {} +
echo "make-secrets.sh: wrote $secrets"
