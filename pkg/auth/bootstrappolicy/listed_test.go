package bootstrappolicy

import (
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestFirstReads(t *testing.T) {
	listed := []rbacv1.ClusterRole{{ObjectMeta: metav1.ObjectMeta{Name: "view", ResourceVersion: "7"}}}
	reads := newFirstReads([]string{"view", "edit"}, listed, func(r *rbacv1.ClusterRole) string { return r.Name })
	tests := []struct {
		name       string
		read       string
		wantListed bool
		wantObject bool
	}{
		{name: "listed object", read: "view", wantListed: true, wantObject: true},
		{name: "read again goes to the server", read: "view"},
		{name: "wanted but not listed", read: "edit", wantListed: true},
		{name: "absent read again goes to the server", read: "edit"},
		{name: "not wanted", read: "admin"},
	}
	for _, tt := range tests {
		obj, fromList := reads.take(tt.read)
		if fromList != tt.wantListed || (obj != nil) != tt.wantObject {
			t.Errorf("%s: take(%q) = %v, %v; want an object %v, from the list %v", tt.name, tt.read, obj, fromList, tt.wantObject, tt.wantListed)
		}
	}
}
