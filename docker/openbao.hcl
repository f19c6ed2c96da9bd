# OpenBao for docker-compose: raft storage on a volume, so secrets survive a restart.
storage "raft" {
  path    = "/openbao/data"
  node_id = "compose"
}
listener "tcp" {
  address         = "0.0.0.0:8200"
  cluster_address = "0.0.0.0:8201"
  tls_disable     = true
}
api_addr     = "http://openbao:8200"
cluster_addr = "http://openbao:8201"
ui           = false
