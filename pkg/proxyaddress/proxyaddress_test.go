package proxyaddress

import (
	"context"
	"errors"
	"testing"
)

func TestDefault(t *testing.T) {
	for _, tc := range []struct {
		host    string
		allowed bool
	}{
		{"10.0.0.1", true},
		{"192.168.1.20", true},
		{"2001:db8::1", true},
		{"127.0.0.1", false},
		{"127.1.2.3", false},
		{"::1", false},
		{"169.254.169.254", false},
		{"fe80::1", false},
		{"0.0.0.0", false},
		{"::", false},
		{"224.0.0.1", false},
		{"localhost", false},
	} {
		err := Default(context.Background(), tc.host)
		if tc.allowed && err != nil {
			t.Errorf("%s refused: %v", tc.host, err)
		}
		if !tc.allowed && !errors.Is(err, ErrNotAllowed) {
			t.Errorf("%s: %v, want %v", tc.host, err, ErrNotAllowed)
		}
	}
}
