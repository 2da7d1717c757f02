// Package embeddedetcd runs a single-member etcd server inside the kapi
// process, listening on loopback only, tuned to become ready quickly.
package embeddedetcd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"go.etcd.io/etcd/client/pkg/v3/fileutil"
	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
)

// DefaultStartTimeout bounds how long Start waits for etcd to become ready
// when the caller's context has no earlier deadline.
const DefaultStartTimeout = 30 * time.Second

// lockFileName is created inside the data directory and held with an
// exclusive non-blocking lock for the server's lifetime. etcd's own bbolt
// lock blocks forever when another process holds it, so without this a
// second kapi on the same directory would hang instead of failing.
const lockFileName = "kapi.lock"

// Config describes an embedded etcd server.
type Config struct {
	// DataDir holds etcd's member directory; it is created (mode 0700) if
	// missing.
	DataDir string
	// ClientHost is the loopback IP clients reach etcd on; empty means 127.0.0.1.
	ClientHost string
	// ClientPort is the loopback port for clients; zero picks a free port.
	ClientPort int
	// UnsafeNoFsync disables fsync, trading durability for speed in tests.
	UnsafeNoFsync bool
	// Logger receives etcd's warnings and errors; lower levels are dropped
	// whatever the logger allows. Nil means stderr.
	Logger *zap.Logger
}

// Server is a running embedded etcd.
type Server struct {
	etcd       *embed.Etcd
	lock       *fileutil.LockedFile
	clientURLs []string
	stopping   *atomic.Bool
	folder     *repeatFolder
	stopOnce   sync.Once
}

// Start launches etcd and blocks until it serves requests, ctx is done, or
// DefaultStartTimeout elapses, whichever is first. On failure everything
// it started has been shut down again.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("embedded etcd: not started: %w", err)
	}
	if cfg.DataDir == "" {
		return nil, errors.New("embedded etcd: data directory must be set")
	}
	if cfg.ClientPort < 0 || cfg.ClientPort > 65535 {
		return nil, fmt.Errorf("embedded etcd: client port %d out of range", cfg.ClientPort)
	}
	if cfg.ClientHost == "" {
		cfg.ClientHost = "127.0.0.1"
	}
	if ip := net.ParseIP(cfg.ClientHost); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("embedded etcd: client host %q is not a loopback IP address", cfg.ClientHost)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("embedded etcd: creating data directory: %w", err)
	}
	lockPath := filepath.Join(cfg.DataDir, lockFileName)
	lock, err := fileutil.TryLockFile(lockPath, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		if errors.Is(err, fileutil.ErrLocked) {
			return nil, fmt.Errorf("embedded etcd: data directory %s is in use by another process (lock %s is held)", cfg.DataDir, lockPath)
		}
		return nil, fmt.Errorf("embedded etcd: locking data directory: %w", err)
	}

	stopping := new(atomic.Bool)
	folder := newRepeatFolder()
	e, err := embed.StartEtcd(embedConfig(cfg, stopping, folder))
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("embedded etcd: starting: %w", err)
	}
	s := &Server{etcd: e, lock: lock, stopping: stopping, folder: folder}
	for _, l := range e.Clients {
		s.clientURLs = append(s.clientURLs, (&url.URL{Scheme: "http", Host: l.Addr().String()}).String())
	}

	ctx, cancel := context.WithTimeout(ctx, DefaultStartTimeout)
	defer cancel()
	select {
	case <-e.Server.ReadyNotify():
		// Loops that end with readiness, such as the publication retried while a crashed member
		// replays its log, report their folded repeats now.
		folder.flush()
		return s, nil
	case err := <-e.Err():
		s.Stop()
		if err == nil {
			err = errors.New("serving ended")
		}
		return nil, fmt.Errorf("embedded etcd: failed while starting: %w", err)
	case <-e.Server.StopNotify():
		s.Stop()
		return nil, errors.New("embedded etcd: server stopped while starting")
	case <-ctx.Done():
		s.Stop()
		return nil, fmt.Errorf("embedded etcd: not ready: %w", context.Cause(ctx))
	}
}

// embedConfig translates cfg into etcd's configuration. There is no peer
// listener: a lone member never dials its own advertised peer URL, which
// is kept at etcd's default so the member ID stays stable across restarts.
func embedConfig(cfg Config, stopping *atomic.Bool, folder *repeatFolder) *embed.Config {
	ec := embed.NewConfig()
	ec.Name = "kapi"
	ec.Dir = cfg.DataDir
	ec.UnsafeNoFsync = cfg.UnsafeNoFsync

	clientURL := url.URL{Scheme: "http", Host: net.JoinHostPort(cfg.ClientHost, strconv.Itoa(cfg.ClientPort))}
	ec.ListenClientUrls = []url.URL{clientURL}
	// With port zero the advertised URL cannot name the real port, which is
	// only known once etcd has bound it; kapi connects via ClientURLs.
	ec.AdvertiseClientUrls = []url.URL{clientURL}
	ec.ListenPeerUrls = nil
	ec.InitialCluster = ec.InitialClusterFromName(ec.Name)

	// With etcd's 100ms/1s defaults a lone member waits up to a second for
	// its first election. It cannot lose leadership to anyone, so short
	// timeouts are safe and bring that wait under 50ms.
	ec.TickMs = 10
	ec.ElectionMs = 50

	// A restarted member replays the log from its last snapshot, and refuses proposals, its own
	// publication included, while more than 5,000 entries wait to be applied: after a crash with
	// etcd's default of 10,000 entries between snapshots it spins on "too many requests" before it
	// becomes ready. Snapshots every 2,000 entries keep the replay short and under that gap; a lone
	// member's snapshots are small.
	ec.SnapshotCount = 2000

	// kube-apiserver talks gRPC only, so the JSON gateway is not needed.
	ec.EnableGRPCGateway = false
	// etcd auth is never enabled on this loopback-only member; an empty
	// token type avoids building the simple-token provider.
	ec.AuthToken = ""

	ec.ZapLoggerBuilder = embed.NewZapLoggerBuilder(quietLogger(cfg.Logger, stopping, folder).Named("etcd"))
	return ec
}

// ClientURLs returns the URLs clients reach etcd on, with the bound port.
func (s *Server) ClientURLs() []string {
	return append([]string(nil), s.clientURLs...)
}

// Err delivers an error when etcd stops serving on its own after a
// successful Start; it is closed by Stop.
func (s *Server) Err() <-chan error {
	return s.etcd.Err()
}

// Stop shuts etcd down and returns once its listeners, goroutines and
// data-directory lock are released, so the directory can be reused at once.
// It is safe to call more than once.
func (s *Server) Stop() {
	s.stopOnce.Do(func() {
		s.stopping.Store(true)
		s.etcd.Close()
		<-s.etcd.Server.StopNotify()
		s.folder.flush()
		s.lock.Close()
	})
}
