#!/usr/bin/env bash
# Posts a JSON file to the bridge as Quo would, signed with a secret from QUO_WEBHOOK_SECRETS.
#
#   scripts/send-webhook.sh FILE [legacy|beta] [URL]
#
# SECRET (environment) is the signing secret: a legacy base64 key, or a beta whsec_ secret.
# legacy (default): openphone-signature: hmac;1;<ms>;base64(HMAC-SHA256(key, "<ms>." + body))
# beta:             webhook-id, webhook-timestamp, webhook-signature: v1,base64(HMAC-SHA256(key, "<id>.<s>." + body))
# Needs bash, openssl, od and curl.
set -euo pipefail
file=${1:?usage: SECRET=... scripts/send-webhook.sh FILE [legacy|beta] [URL]}
scheme=${2:-legacy}
url=${3:-http://127.0.0.1:8080/webhooks/quo}
secret=${SECRET:?set SECRET to a signing secret (as in QUO_WEBHOOK_SECRETS)}
key_hex=$(printf '%s' "${secret#whsec_}" | openssl base64 -d -A | od -An -v -tx1 | tr -d ' \n')
sign() { openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | openssl base64 -A; }

if [ "$scheme" = beta ]; then
  id="msg_$(date +%s%N)"
  ts=$(date +%s)
  sig=$( { printf '%s.%s.' "$id" "$ts"; cat "$file"; } | sign)
  exec curl -sS -i -X POST "$url" -H 'Content-Type: application/json' \
    -H "webhook-id: $id" -H "webhook-timestamp: $ts" -H "webhook-signature: v1,$sig" --data-binary "@$file"
else
  ts=$(( $(date +%s%N) / 1000000 ))
  sig=$( { printf '%s.' "$ts"; cat "$file"; } | sign)
  exec curl -sS -i -X POST "$url" -H 'Content-Type: application/json' \
    -H "openphone-signature: hmac;1;$ts;$sig" --data-binary "@$file"
fi
