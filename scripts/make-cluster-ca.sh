#!/usr/bin/env bash
# Makes a private certificate authority for one GalaxyActors cluster and a certificate it signed for the cluster's
# nodes and submit clients, as PEM files in DIR (default ./tls): ca.crt, tls.crt, tls.key (the names of a Kubernetes
# TLS Secret) and the CA's own key ca.key, to keep offline. Nodes accept a peer only if its certificate chains to
# ca.crt, so anyone without a certificate from this CA can neither join nor submit.
#   scripts/make-cluster-ca.sh tls
#   GALAXY__TLSCERTIFICATEFILE=tls/tls.crt GALAXY__TLSKEYFILE=tls/tls.key GALAXY__TLSCAFILE=tls/ca.crt galaxy seed
#   kubectl -n galaxy create secret generic galaxy-tls --from-file=tls/tls.crt --from-file=tls/tls.key --from-file=tls/ca.crt
# One certificate for every node is the simple set-up (hostnames are not checked; the CA's signature is the identity);
# per-node certificates from the same CA (e.g. cert-manager) work the same way.
set -euo pipefail
dir=${1:-tls}
days=${DAYS:-825}
mkdir -p "$dir"
cd "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -days "$days" \
  -subj "/CN=galaxy-actors cluster CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tls.key -out node.csr -subj "/CN=galaxy-node" 2>/dev/null
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n' > node.ext
openssl x509 -req -in node.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out tls.crt -days "$days" -extfile node.ext 2>/dev/null
rm -f node.csr node.ext ca.srl
chmod 600 ca.key tls.key
echo "made $(pwd)/ca.crt, tls.crt, tls.key (and ca.key: keep it offline)"
