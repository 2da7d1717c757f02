// Package proxytransport builds the HTTP transports the API server reaches kubelets, pods and
// services with, and bounds how long a backend may take to answer, so that one that accepts a
// connection and never replies cannot hold a request, or an upgrade handshake, forever.
package proxytransport

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"time"

	utilnet "k8s.io/apimachinery/pkg/util/net"
)

// DialFunc opens a connection to address.
type DialFunc func(ctx context.Context, network, address string) (net.Conn, error)

// New returns a transport with tlsConfig (nil for none) that gives up dialing, the TLS handshake and
// waiting for response headers after timeout. Connections it dials for a request that
// BoundHandshakes marked get a deadline until the handshake is over. A nil dial dials directly.
func New(tlsConfig *tls.Config, timeout time.Duration, dial DialFunc) *http.Transport {
	if dial == nil {
		dial = (&net.Dialer{KeepAlive: 30 * time.Second}).DialContext
	}
	return utilnet.SetTransportDefaults(&http.Transport{
		DialContext: func(ctx context.Context, network, address string) (net.Conn, error) {
			ctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			conn, err := dial(ctx, network, address)
			if err != nil {
				return nil, err
			}
			if h, ok := ctx.Value(handshakeKey{}).(*handshake); ok {
				if err := h.add(conn); err != nil {
					_ = conn.Close()
					return nil, err
				}
			}
			return conn, nil
		},
		TLSClientConfig:       tlsConfig,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		// The proxied response goes to the client as the backend sent it.
		DisableCompression: true,
	})
}
