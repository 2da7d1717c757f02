package integration

import (
	"context"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/kapi-dev/kapi/pkg/embeddedetcd"
	"github.com/kapi-dev/kapi/pkg/testserver"
)

// startServer starts a kapi with extra flags for one test.
func startServer(t *testing.T, args ...string) *testserver.Server {
	t.Helper()
	s, err := testserver.Start(context.Background(), testserver.Options{Args: args})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// startEtcd starts an etcd that kapi servers share or a test reads, stopped when the test ends.
func startEtcd(t *testing.T) *embeddedetcd.Server {
	t.Helper()
	etcd, err := embeddedetcd.Start(context.Background(), embeddedetcd.Config{DataDir: t.TempDir(), UnsafeNoFsync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(etcd.Stop)
	return etcd
}

// etcdClient connects to etcd so that a test can read or damage what kapi stored, closed when the
// test ends.
func etcdClient(t *testing.T, etcd *embeddedetcd.Server) *clientv3.Client {
	t.Helper()
	c, err := clientv3.New(clientv3.Config{Endpoints: etcd.ClientURLs(), DialTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}
