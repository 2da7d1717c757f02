package options

import (
	"fmt"
	"net"
	"net/url"
	"strconv"

	"github.com/spf13/pflag"
)

// EmbeddedEtcdOptions configure the etcd member kapi runs itself when --etcd-servers is not set.
type EmbeddedEtcdOptions struct {
	// ClientURL is where the member serves clients (--embedded-etcd-client-url); empty picks a free
	// loopback port.
	ClientURL string
	// UnsafeNoFsync skips fsync in the embedded etcd; for throw-away test servers only.
	UnsafeNoFsync bool
}

// AddFlags adds --embedded-etcd-client-url.
func (o *EmbeddedEtcdOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.ClientURL, "embedded-etcd-client-url", o.ClientURL, "The http URL on a loopback address where the embedded etcd serves clients such as etcdctl, e.g. http://127.0.0.1:2379. Empty picks a free loopback port; kapi logs the URL it serves on. Not allowed with --etcd-servers.")
}

// HostPort returns the loopback host and port of ClientURL: 127.0.0.1 and 0 when it is empty.
func (o EmbeddedEtcdOptions) HostPort() (string, int, error) {
	if o.ClientURL == "" {
		return "127.0.0.1", 0, nil
	}
	u, err := url.Parse(o.ClientURL)
	if err != nil {
		return "", 0, fmt.Errorf("--embedded-etcd-client-url: %w", err)
	}
	if u.Scheme != "http" || u.Port() == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		return "", 0, fmt.Errorf("--embedded-etcd-client-url %q: want http://<loopback IP>:<port>", o.ClientURL)
	}
	if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsLoopback() {
		return "", 0, fmt.Errorf("--embedded-etcd-client-url %q: %q is not a loopback IP address", o.ClientURL, u.Hostname())
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil || port > 65535 {
		return "", 0, fmt.Errorf("--embedded-etcd-client-url %q: invalid port %q", o.ClientURL, u.Port())
	}
	return u.Hostname(), port, nil
}

// Validate reports an invalid URL, and a URL given with --etcd-servers, which makes kapi run no
// member.
func (o EmbeddedEtcdOptions) Validate(etcdServers []string) []error {
	if o.ClientURL == "" {
		return nil
	}
	if len(etcdServers) > 0 {
		return []error{fmt.Errorf("--embedded-etcd-client-url cannot be used with --etcd-servers")}
	}
	if _, _, err := o.HostPort(); err != nil {
		return []error{err}
	}
	return nil
}
