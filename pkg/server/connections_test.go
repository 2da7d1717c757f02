package server

import (
	"io"
	"net"
	"testing"
	"time"

	utilwaitgroup "k8s.io/apimachinery/pkg/util/waitgroup"
)

// TestConnectionsCloseAfterDrain holds a request in flight on one of two connections, closes the
// listener as a shutdown does, and expects both connections open until the request is done, then
// both closed.
func TestConnectionsCloseAfterDrain(t *testing.T) {
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	conns := newConnections()
	ln := conns.listen(raw)
	var clients []net.Conn
	for range 2 {
		client, err := net.Dial("tcp", raw.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer client.Close()
		if _, err := ln.Accept(); err != nil {
			t.Fatal(err)
		}
		clients = append(clients, client)
	}
	var inFlight utilwaitgroup.SafeWaitGroup
	if err := inFlight.Add(1); err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() {
		conns.closeAfterDrain(&inFlight, make(chan struct{}))
		close(closed)
	}()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-closed:
		t.Fatal("connections closed while a request was in flight")
	case <-time.After(100 * time.Millisecond):
	}
	inFlight.Done()
	<-closed
	for i, client := range clients {
		_ = client.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := client.Read(make([]byte, 1)); err != io.EOF {
			t.Errorf("connection %d: read = %v, want EOF once the server closed it", i, err)
		}
	}
}

// TestConnectionsStopBeforeShutdown ends the wait when the server stops without its listener ever
// closing, as when it fails to start.
func TestConnectionsStopBeforeShutdown(t *testing.T) {
	stop := make(chan struct{})
	close(stop)
	done := make(chan struct{})
	go func() {
		newConnections().closeAfterDrain(&utilwaitgroup.SafeWaitGroup{}, stop)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("closeAfterDrain did not return once stopped")
	}
}
