package server

import (
	"net"
	"sync"
	"time"

	utilwaitgroup "k8s.io/apimachinery/pkg/util/waitgroup"
)

// keepAlivePeriod is the TCP keep-alive period of accepted connections, as k8s.io/apiserver sets it
// on the connections of a listener it has not wrapped.
const keepAlivePeriod = 3 * time.Minute

// connections remembers the server's open connections. At shutdown the HTTP server sends every
// HTTP/2 client a GOAWAY and then waits a second for the client to hang up, which Go's clients,
// kapi's own among them, never do: every stop would take a second more than its requests. Once the
// listener is closed and the requests in flight have finished, closing what is left ends the wait.
type connections struct {
	mu     sync.Mutex
	open   map[*trackedConn]struct{}
	closed chan struct{}
	once   sync.Once
}

func newConnections() *connections {
	return &connections{open: map[*trackedConn]struct{}{}, closed: make(chan struct{})}
}

// listen returns ln, remembering the connections it accepts.
func (c *connections) listen(ln net.Listener) net.Listener {
	return &trackingListener{Listener: ln, connections: c}
}

// closeAfterDrain waits for the listener to close and then for the requests in flight, which the
// server counts in inFlight, and closes every connection still open. It returns early, closing
// nothing, when stop is closed first.
func (c *connections) closeAfterDrain(inFlight *utilwaitgroup.SafeWaitGroup, stop <-chan struct{}) {
	select {
	case <-c.closed:
	case <-stop:
		return
	}
	inFlight.Wait()
	c.mu.Lock()
	open := make([]*trackedConn, 0, len(c.open))
	for conn := range c.open {
		open = append(open, conn)
	}
	c.mu.Unlock()
	for _, conn := range open {
		_ = conn.Close()
	}
}

type trackingListener struct {
	net.Listener
	connections *connections
}

func (l *trackingListener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetKeepAlive(true)
		_ = tcp.SetKeepAlivePeriod(keepAlivePeriod)
	}
	tracked := &trackedConn{Conn: conn, connections: l.connections}
	l.connections.mu.Lock()
	l.connections.open[tracked] = struct{}{}
	l.connections.mu.Unlock()
	return tracked, nil
}

func (l *trackingListener) Close() error {
	err := l.Listener.Close()
	l.connections.once.Do(func() { close(l.connections.closed) })
	return err
}

type trackedConn struct {
	net.Conn
	connections *connections
}

func (c *trackedConn) Close() error {
	c.connections.mu.Lock()
	delete(c.connections.open, c)
	c.connections.mu.Unlock()
	return c.Conn.Close()
}
