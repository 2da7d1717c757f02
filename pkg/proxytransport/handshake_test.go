package proxytransport

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"
)

// TestBoundHandshakes: a backend dialed for an upgrade request that accepts and never answers
// cannot hold the handler past the bound.
func TestBoundHandshakes(t *testing.T) {
	backend, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer backend.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		if conn, err := backend.Accept(); err == nil {
			accepted <- conn
		}
	}()
	transport := New(nil, time.Minute, nil)
	result := make(chan error, 1)
	server := httptest.NewServer(BoundHandshakes(http.HandlerFunc(func(_ http.ResponseWriter, req *http.Request) {
		conn, err := transport.DialContext(req.Context(), "tcp", backend.Addr().String())
		if err != nil {
			result <- err
			return
		}
		defer conn.Close()
		_, err = bufio.NewReader(conn).ReadByte()
		result <- err
	}), 50*time.Millisecond))
	defer server.Close()

	client, err := net.Dial("tcp", server.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if _, err := client.Write([]byte("GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	if err := <-result; !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("read from a silent backend during the handshake: %v, want the handshake deadline", err)
	}
	if conn := <-accepted; conn != nil {
		_ = conn.Close()
	}
}
