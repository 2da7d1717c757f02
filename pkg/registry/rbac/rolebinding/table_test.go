package rolebinding

import (
	"context"
	"reflect"
	"testing"
	"time"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestRoleBindingTable(t *testing.T) {
	b := &rbacv1.RoleBindingList{Items: []rbacv1.RoleBinding{{
		ObjectMeta: metav1.ObjectMeta{Name: "devs-edit", Namespace: "team", CreationTimestamp: metav1.NewTime(time.Now().Add(-3 * time.Hour))},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "edit"},
		Subjects: []rbacv1.Subject{
			{Kind: "User", Name: "alice"}, {Kind: "Group", Name: "devs"}, {Kind: "User", Name: "bob"},
			{Kind: "ServiceAccount", Namespace: "ci", Name: "deployer"},
		},
	}}}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), b, nil)
	if err != nil {
		t.Fatal(err)
	}
	type col struct {
		name     string
		priority int32
	}
	var cols []col
	for _, c := range table.ColumnDefinitions {
		cols = append(cols, col{c.Name, c.Priority})
	}
	wantCols := []col{{"Name", 0}, {"Role", 0}, {"Age", 0}, {"Users", 1}, {"Groups", 1}, {"ServiceAccounts", 1}}
	if !reflect.DeepEqual(cols, wantCols) {
		t.Errorf("columns %v, want %v", cols, wantCols)
	}
	if d := table.ColumnDefinitions[3].Description; d != "Users in the roleBinding" {
		t.Errorf("users description %q", d)
	}
	want := []interface{}{"devs-edit", "ClusterRole/edit", "3h", "alice, bob", "devs", "ci/deployer"}
	if !reflect.DeepEqual(table.Rows[0].Cells, want) {
		t.Errorf("cells %v, want %v", table.Rows[0].Cells, want)
	}
}
