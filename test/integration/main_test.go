// Package integration tests kapi through its HTTP API with client-go, against one in-process server on
// a real embedded etcd shared by the package's tests.
package integration

import (
	"context"
	"fmt"
	"os"
	"testing"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kapi-dev/kapi/pkg/testserver"
)

// server is the package's shared kapi.
var server *testserver.Server

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	var err error
	server, err = testserver.Start(context.Background(), testserver.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting kapi:", err)
		return 1
	}
	code := m.Run()
	if err := server.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "stopping kapi:", err)
		return 1
	}
	return code
}

// jsonClient returns a clientset that speaks JSON.
func jsonClient(t testing.TB) kubernetes.Interface {
	t.Helper()
	return kubernetes.NewForConfigOrDie(rest.CopyConfig(server.ClientConfig))
}

// protobufClient returns a clientset that speaks protobuf.
func protobufClient(t testing.TB) kubernetes.Interface {
	t.Helper()
	c := rest.CopyConfig(server.ClientConfig)
	c.ContentType = "application/vnd.kubernetes.protobuf"
	c.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	return kubernetes.NewForConfigOrDie(c)
}
