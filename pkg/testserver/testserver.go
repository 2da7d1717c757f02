// Package testserver starts a complete kapi inside the calling process, with an embedded etcd in a
// temporary directory and free loopback ports, for integration tests: a replacement for envtest that
// downloads nothing and leaves no processes behind.
package testserver

import (
	"context"
	"errors"
	"fmt"
	"net"

	"os"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kapi-dev/kapi/pkg/proxyaddress"
	"github.com/kapi-dev/kapi/pkg/proxytransport"
	"github.com/kapi-dev/kapi/pkg/server"
	"github.com/kapi-dev/kapi/pkg/server/options"
)

// Options say how to start a test server.
type Options struct {
	// DataDir keeps etcd data, certificates and the kubeconfig; a server started again on the same
	// DataDir sees the objects of the one before. Empty means a new temporary directory, removed by Stop.
	DataDir string
	// Args are extra kapi command-line flags, such as "--authorization-mode=AlwaysDeny".
	Args []string
	// ProxyAddressFilter replaces the check that keeps nodes/proxy, pods/proxy and services/proxy
	// off loopback and link-local addresses, for tests whose backends listen on 127.0.0.1
	// (proxyaddress.AllowAll). Nil keeps the check.
	ProxyAddressFilter proxyaddress.Filter
	// ProxyDial, if set, opens the proxy subresources' connections to pods, services and node ports
	// other than the kubelet's, so that a test can send an Endpoints address, which may not be a
	// loopback one, to a backend on 127.0.0.1.
	ProxyDial proxytransport.DialFunc
}

// Server is a running in-process kapi.
type Server struct {
	// ClientConfig authenticates as the admin user of the generated kubeconfig (system:masters).
	ClientConfig *rest.Config
	// KubeconfigPath is the admin kubeconfig, for kubectl.
	KubeconfigPath string
	// DataDir is the server's data directory.
	DataDir string

	cancel     context.CancelFunc
	done       chan error
	removeData bool
}

// Start starts kapi and returns once it is ready (/readyz is ok).
func Start(ctx context.Context, opts Options) (*Server, error) {
	s := &Server{DataDir: opts.DataDir, done: make(chan error, 1)}
	if s.DataDir == "" {
		dir, err := os.MkdirTemp("", "kapi-test-")
		if err != nil {
			return nil, err
		}
		s.DataDir, s.removeData = dir, true
	}
	o := options.NewOptions(server.KnownControllers())
	fs := pflag.NewFlagSet("kapi", pflag.ContinueOnError)
	o.AddFlags(fs)
	// Privileged containers are allowed unless Args say otherwise, as envtest starts kube-apiserver. The
	// setting is process-wide, as in kube-apiserver, so servers in one process should agree on it.
	defaults := []string{"--data-dir=" + s.DataDir, "--allow-privileged=true"}
	if err := fs.Parse(append(defaults, opts.Args...)); err != nil {
		return nil, s.cleanUp(err)
	}
	o.EmbeddedEtcd.UnsafeNoFsync = true
	// A listener on a port the kernel picks, handed to the server, never races another test for a port.
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, s.cleanUp(err)
	}
	o.SecureServing.Listener = listener
	o.SecureServing.BindAddress = net.IPv4(127, 0, 0, 1)
	o.SecureServing.BindPort = listener.Addr().(*net.TCPAddr).Port

	o.ProxyAddressFilter = opts.ProxyAddressFilter
	o.ProxyDial = opts.ProxyDial

	runCtx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	kapi, err := server.Build(runCtx, o)
	if err != nil {
		cancel()
		return nil, s.cleanUp(errors.Join(err, listener.Close()))
	}
	s.KubeconfigPath = kapi.KubeconfigPath
	go func() { s.done <- kapi.Run(runCtx) }()

	if err := s.waitReady(ctx, kapi.LoopbackClientConfig); err != nil {
		return nil, errors.Join(err, s.Stop())
	}
	s.ClientConfig, err = clientcmd.BuildConfigFromFlags("", s.KubeconfigPath)
	if err != nil {
		return nil, errors.Join(err, s.Stop())
	}
	return s, nil
}

// waitReady polls /readyz until it answers ok, or the server exits.
func (s *Server) waitReady(ctx context.Context, config *rest.Config) error {
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var lastErr error
	err = wait.PollUntilContextCancel(ctx, 50*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		select {
		case err := <-s.done:
			s.done <- err
			return false, fmt.Errorf("kapi exited before it was ready: %w", err)
		default:
		}
		_, lastErr = client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		return lastErr == nil, nil
	})
	if err != nil {
		return fmt.Errorf("kapi did not become ready: %w (last /readyz error: %v)", err, lastErr)
	}
	return nil
}

// URL returns the server's https base URL.
func (s *Server) URL() string {
	return s.ClientConfig.Host
}

// Stop shuts the server and its etcd down, and removes a temporary data directory.
func (s *Server) Stop() error {
	s.cancel()
	err := <-s.done
	if errors.Is(err, context.Canceled) {
		err = nil
	}
	return s.cleanUp(err)
}

func (s *Server) cleanUp(err error) error {
	if s.removeData {
		err = errors.Join(err, os.RemoveAll(s.DataDir))
	}
	return err
}
