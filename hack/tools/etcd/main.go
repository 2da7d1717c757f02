// Command etcd is the upstream etcd server, built from go.etcd.io/etcd/server/v3 at the version kapi
// embeds, for envtest asset directories that must not download anything. Unless its flags or ETCD_*
// variables say otherwise, it ticks every 10 ms and holds an election after 50 ms without a leader,
// as kapi's embedded member does: envtest starts one member on loopback, which with etcd's defaults
// of 100 ms and 1 s waits some 400 ms for its first election before it serves.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

// defaults are the variables etcd reads for its --heartbeat-interval and --election-timeout flags.
var defaults = map[string]string{
	"ETCD_HEARTBEAT_INTERVAL": "10",
	"ETCD_ELECTION_TIMEOUT":   "50",
}

func main() {
	for name, value := range defaults {
		if _, set := os.LookupEnv(name); !set {
			if err := os.Setenv(name, value); err != nil {
				panic(err)
			}
		}
	}
	etcdmain.Main(os.Args)
}
