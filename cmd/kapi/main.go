// Command kapi is a Kubernetes-compatible API server with an embedded etcd.
package main

import (
	"os"

	"k8s.io/component-base/cli"

	"github.com/kapi-dev/kapi/cmd/kapi/app"
)

func main() {
	os.Exit(cli.Run(app.NewCommand()))
}
