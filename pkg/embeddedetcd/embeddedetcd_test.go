package embeddedetcd

import (
	"context"
	"errors"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// privateDir returns a fresh 0700 directory, the permission etcd expects
// for its data directory.
func privateDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "etcd")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

func startServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = zap.NewNop()
	}
	s, err := Start(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(s.Stop)
	return s
}

func newClient(t *testing.T, s *Server) *clientv3.Client {
	t.Helper()
	c, err := clientv3.New(clientv3.Config{
		Endpoints:   s.ClientURLs(),
		DialTimeout: 5 * time.Second,
		Logger:      zap.NewNop(),
	})
	if err != nil {
		t.Fatalf("clientv3.New: %v", err)
	}
	return c
}

func loopbackPort(t *testing.T, s *Server) int {
	t.Helper()
	urls := s.ClientURLs()
	if len(urls) != 1 {
		t.Fatalf("ClientURLs() = %v, want exactly one", urls)
	}
	u, err := url.Parse(urls[0])
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "http" || u.Hostname() != "127.0.0.1" {
		t.Fatalf("client URL %s is not http on 127.0.0.1", urls[0])
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil || port == 0 {
		t.Fatalf("client URL %s has no bound port", urls[0])
	}
	return port
}

func TestRestartKeepsData(t *testing.T) {
	dir := privateDir(t)
	ctx := context.Background()

	s := startServer(t, Config{DataDir: dir, UnsafeNoFsync: true})
	port := loopbackPort(t, s)
	c := newClient(t, s)
	if _, err := c.Put(ctx, "/registry/test", "kept"); err != nil {
		t.Fatalf("Put: %v", err)
	}
	c.Close()
	s.Stop()

	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatalf("client port still bound after Stop: %v", err)
	}
	l.Close()

	s = startServer(t, Config{DataDir: dir, UnsafeNoFsync: true})
	c = newClient(t, s)
	defer c.Close()
	resp, err := c.Get(ctx, "/registry/test")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if len(resp.Kvs) != 1 || string(resp.Kvs[0].Value) != "kept" {
		t.Fatalf("after restart got %v, want value %q", resp.Kvs, "kept")
	}
}

func TestConcurrentServersGetDistinctPorts(t *testing.T) {
	a := startServer(t, Config{DataDir: privateDir(t), UnsafeNoFsync: true})
	b := startServer(t, Config{DataDir: privateDir(t), UnsafeNoFsync: true})
	if pa, pb := loopbackPort(t, a), loopbackPort(t, b); pa == pb {
		t.Fatalf("both servers use port %d", pa)
	}

	// Each server must hold its own data, not merely listen.
	ctx := context.Background()
	ca, cb := newClient(t, a), newClient(t, b)
	defer ca.Close()
	defer cb.Close()
	if _, err := ca.Put(ctx, "k", "a"); err != nil {
		t.Fatal(err)
	}
	resp, err := cb.Get(ctx, "k")
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Kvs) != 0 {
		t.Fatalf("server b sees server a's key: %v", resp.Kvs)
	}
}

func TestClientPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()

	s := startServer(t, Config{DataDir: privateDir(t), ClientPort: port, UnsafeNoFsync: true})
	want := "http://127.0.0.1:" + strconv.Itoa(port)
	if got := s.ClientURLs(); len(got) != 1 || got[0] != want {
		t.Fatalf("ClientURLs() = %v, want [%s]", got, want)
	}
}

func TestDataDirInUse(t *testing.T) {
	dir := privateDir(t)
	first := startServer(t, Config{DataDir: dir, UnsafeNoFsync: true})

	start := time.Now()
	_, err := Start(context.Background(), Config{DataDir: dir, UnsafeNoFsync: true, Logger: zap.NewNop()})
	if err == nil {
		t.Fatal("second Start on a data directory in use succeeded")
	}
	if want := "data directory " + dir + " is in use by another process"; !strings.Contains(err.Error(), want) {
		t.Fatalf("error %q does not contain %q", err, want)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("second Start took %v to fail, want an immediate error", d)
	}

	first.Stop()
	startServer(t, Config{DataDir: dir, UnsafeNoFsync: true})
}

func TestStartRejects(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	dir := filepath.Join(t.TempDir(), "etcd")
	tests := []struct {
		name    string
		ctx     context.Context
		cfg     Config
		wantErr string
		wantIs  error
	}{
		{name: "no data dir", ctx: context.Background(), cfg: Config{}, wantErr: "embedded etcd: data directory must be set"},
		{name: "negative port", ctx: context.Background(), cfg: Config{DataDir: dir, ClientPort: -1}, wantErr: "embedded etcd: client port -1 out of range"},
		{name: "port too large", ctx: context.Background(), cfg: Config{DataDir: dir, ClientPort: 65536}, wantErr: "embedded etcd: client port 65536 out of range"},
		{name: "host not loopback", ctx: context.Background(), cfg: Config{DataDir: dir, ClientHost: "10.0.0.1"}, wantErr: `embedded etcd: client host "10.0.0.1" is not a loopback IP address`},
		{name: "cancelled context", ctx: cancelled, cfg: Config{DataDir: dir}, wantErr: "embedded etcd: not started: context canceled", wantIs: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Start(tt.ctx, tt.cfg)
			if err == nil || err.Error() != tt.wantErr {
				t.Fatalf("Start error = %v, want %q", err, tt.wantErr)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Fatalf("Start error %v does not wrap %v", err, tt.wantIs)
			}
		})
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("rejected Start created its data directory: %v", err)
	}
}

func TestStopLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	s, err := Start(context.Background(), Config{DataDir: privateDir(t), UnsafeNoFsync: true, Logger: zap.NewNop()})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, s)
	if _, err := c.Put(context.Background(), "k", "v"); err != nil {
		t.Fatal(err)
	}
	c.Close()
	s.Stop()
	s.Stop()

	// Goroutines that have been told to exit may need a moment to return.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines before Start, %d after Stop:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestLogging(t *testing.T) {
	tests := []struct {
		name    string
		dirMode os.FileMode
		want    []string
	}{
		{name: "private data dir logs nothing", dirMode: 0o700},
		{name: "real warnings pass", dirMode: 0o755, want: []string{"check file permission"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "etcd")
			if err := os.Mkdir(dir, tt.dirMode); err != nil {
				t.Fatal(err)
			}
			core, logs := observer.New(zapcore.DebugLevel)
			s, err := Start(context.Background(), Config{DataDir: dir, UnsafeNoFsync: true, Logger: zap.New(core)})
			if err != nil {
				t.Fatal(err)
			}
			c := newClient(t, s)
			if _, err := c.Put(context.Background(), "k", "v"); err != nil {
				t.Fatal(err)
			}
			c.Close()
			s.Stop()

			var got []string
			for _, e := range logs.All() {
				if e.Level < zapcore.WarnLevel {
					t.Errorf("logged below warn: %s %q", e.Level, e.Message)
				}
				if e.LoggerName != "etcd" {
					t.Errorf("entry %q logged by %q, want etcd", e.Message, e.LoggerName)
				}
				got = append(got, e.Message)
			}
			// Slow applies on a loaded machine may add warnings, so only
			// the expected ones are required.
			for _, w := range tt.want {
				if !contains(got, w) {
					t.Errorf("logged %q, missing %q", got, w)
				}
			}
			for _, m := range got {
				if alwaysBenign[m] || shutdownNoise[m] || termRace[m] {
					t.Errorf("benign message %q was logged", m)
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestQuietCore(t *testing.T) {
	termErr := errors.New("cannot detect storage schema version: missing term information")
	otherErr := errors.New("backend closed")
	tests := []struct {
		name     string
		level    zapcore.Level
		msg      string
		fields   []zap.Field
		stopping bool
		logged   bool
	}{
		{name: "info dropped", level: zapcore.InfoLevel, msg: "ready to serve client requests"},
		{name: "warning kept", level: zapcore.WarnLevel, msg: "apply request took too long", logged: true},
		{name: "error kept", level: zapcore.ErrorLevel, msg: "failed to save raft hard state", logged: true},
		{name: "single port warning dropped", level: zapcore.WarnLevel, msg: "Running http and grpc server on single port. This is not recommended for production."},
		{name: "serving error while running kept", level: zapcore.ErrorLevel, msg: "setting up serving from embedded etcd failed.", logged: true},
		{name: "serving error while stopping dropped", level: zapcore.ErrorLevel, msg: "setting up serving from embedded etcd failed.", stopping: true},
		{name: "cluster version cancelled while stopping dropped", level: zapcore.WarnLevel, msg: "failed to update cluster version", stopping: true},
		{name: "term race dropped", level: zapcore.ErrorLevel, msg: "failed to update storage version", fields: []zap.Field{zap.String("cluster-version", "3.7.0"), zap.Error(termErr)}},
		{name: "term race warning dropped", level: zapcore.WarnLevel, msg: "Failed to detect schema version", fields: []zap.Field{zap.Error(termErr)}},
		{name: "storage version other error kept", level: zapcore.ErrorLevel, msg: "failed to update storage version", fields: []zap.Field{zap.Error(otherErr)}, logged: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			core, logs := observer.New(zapcore.DebugLevel)
			stopping := new(atomic.Bool)
			stopping.Store(tt.stopping)
			lg := quietLogger(zap.New(core), stopping, newRepeatFolder()).With(zap.String("member", "kapi"))
			if ce := lg.Check(tt.level, tt.msg); ce != nil {
				ce.Write(tt.fields...)
			}
			if got := logs.Len() == 1; got != tt.logged {
				t.Fatalf("logged = %v, want %v (entries %v)", got, tt.logged, logs.All())
			}
		})
	}
}

func TestQuietLoggerKeepsStricterLevel(t *testing.T) {
	core, logs := observer.New(zapcore.ErrorLevel)
	lg := quietLogger(zap.New(core), new(atomic.Bool), newRepeatFolder())
	lg.Warn("apply request took too long")
	lg.Error("failed to save raft hard state")
	if got := logs.All(); len(got) != 1 || got[0].Message != "failed to save raft hard state" {
		t.Fatalf("entries = %v, want only the error", got)
	}
}
