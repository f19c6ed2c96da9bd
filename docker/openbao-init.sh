#!/bin/sh
# One-shot: initialise OpenBao once (keys kept on the openbao-keys volume, mode 0600), unseal it
# on every start, mount KV v2 at secret/, and leave the root token for the app at /keys/token.
# In production use your own unseal (auto-unseal/KMS) and a scoped token instead: see README.
set -eu
export BAO_ADDR=http://openbao:8200
until bao status -format=json >/dev/null 2>&1 || [ $? -eq 2 ]; do sleep 1; done
umask 077
if [ ! -f /keys/init.json ]; then
  bao operator init -key-shares=1 -key-threshold=1 -format=json > /keys/init.json
fi
flat=$(tr -d '\n ' < /keys/init.json)
key=$(echo "$flat" | sed 's/.*"unseal_keys_b64":\["\([^"]*\)".*/\1/')
echo "$flat" | sed 's/.*"root_token":"\([^"]*\)".*/\1/' > /keys/token
bao operator unseal "$key" >/dev/null
export BAO_TOKEN="$(cat /keys/token)"
until bao secrets list >/dev/null 2>&1; do sleep 1; done
bao secrets list -format=json | grep -q '"secret/"' || bao secrets enable -path=secret kv-v2
