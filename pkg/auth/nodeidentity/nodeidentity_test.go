package nodeidentity

import (
	"testing"

	"k8s.io/apiserver/pkg/authentication/user"
)

func TestOf(t *testing.T) {
	for _, tc := range []struct {
		name     string
		user     user.Info
		wantName string
		wantNode bool
	}{
		{"node", &user.DefaultInfo{Name: "system:node:n1", Groups: []string{"system:authenticated", user.NodesGroup}}, "n1", true},
		{"no nodes group", &user.DefaultInfo{Name: "system:node:n1", Groups: []string{"system:authenticated"}}, "", false},
		{"other user in nodes group", &user.DefaultInfo{Name: "alice", Groups: []string{user.NodesGroup}}, "", false},
		{"empty node name", &user.DefaultInfo{Name: "system:node:", Groups: []string{user.NodesGroup}}, "", true},
		{"no user", nil, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name, isNode := Of(tc.user)
			if name != tc.wantName || isNode != tc.wantNode {
				t.Errorf("Of() = %q, %v; want %q, %v", name, isNode, tc.wantName, tc.wantNode)
			}
		})
	}
}
