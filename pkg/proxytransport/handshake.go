package proxytransport

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"sync"
	"time"

	"k8s.io/streaming/pkg/httpstream"
)

// BoundHandshakes gives each upgrade request that next serves timeout to reach the point where the
// client's connection is hijacked. Upgrade handlers dial the backend through a transport of New
// and read its response themselves, with no deadline of their own; the connections dialed for the
// request keep a deadline until the hijack, after which the streams may rightly be idle for long.
func BoundHandshakes(next http.Handler, timeout time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !httpstream.IsUpgradeRequest(req) {
			next.ServeHTTP(w, req)
			return
		}
		h := &handshake{deadline: time.Now().Add(timeout)}
		hijacker, ok := w.(http.Hijacker)
		if !ok {
			next.ServeHTTP(w, req)
			return
		}
		next.ServeHTTP(&hijackWatcher{ResponseWriter: w, hijacker: hijacker, handshake: h},
			req.WithContext(context.WithValue(req.Context(), handshakeKey{}, h)))
	})
}

type handshakeKey struct{}

// handshake holds the backend connections of one upgrade request until the client is hijacked.
type handshake struct {
	deadline time.Time

	mu    sync.Mutex
	conns []net.Conn
	over  bool
}

func (h *handshake) add(conn net.Conn) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.over {
		return nil
	}
	h.conns = append(h.conns, conn)
	return conn.SetDeadline(h.deadline)
}

func (h *handshake) end() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.over = true
	for _, conn := range h.conns {
		// A connection already closed has nothing left to bound.
		_ = conn.SetDeadline(time.Time{})
	}
	h.conns = nil
}

// hijackWatcher ends the handshake when the upgrade handler takes over the client's connection.
type hijackWatcher struct {
	http.ResponseWriter
	hijacker  http.Hijacker
	handshake *handshake
}

func (w *hijackWatcher) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.handshake.end()
	return w.hijacker.Hijack()
}

func (w *hijackWatcher) Unwrap() http.ResponseWriter { return w.ResponseWriter }
