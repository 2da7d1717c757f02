package servicecidr

import (
	"context"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestStatusUpdateKeepsSpecAndMetadata(t *testing.T) {
	old := &networkingv1.ServiceCIDR{
		ObjectMeta: metav1.ObjectMeta{Name: "a", Labels: map[string]string{"k": "v"}},
		Spec:       networkingv1.ServiceCIDRSpec{CIDRs: []string{"10.0.0.0/24"}},
	}
	update := old.DeepCopy()
	update.Labels = map[string]string{"k": "changed"}
	update.Spec.CIDRs = []string{"10.1.0.0/24"}
	update.Status.Conditions = []metav1.Condition{{Type: "Ready", Status: metav1.ConditionTrue}}
	StatusStrategy.PrepareForUpdate(context.Background(), update, old)
	if update.Spec.CIDRs[0] != "10.0.0.0/24" || update.Labels["k"] != "v" {
		t.Errorf("status update kept spec %v and labels %v, want the old ones", update.Spec.CIDRs, update.Labels)
	}
	if len(update.Status.Conditions) != 1 {
		t.Errorf("status update dropped the conditions: %v", update.Status.Conditions)
	}
}

func TestTableRow(t *testing.T) {
	cidr := &networkingv1.ServiceCIDR{ObjectMeta: metav1.ObjectMeta{Name: "kubernetes"}, Spec: networkingv1.ServiceCIDRSpec{CIDRs: []string{"10.0.0.0/24", "2001:db8::/112"}}}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), cidr, nil)
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range table.ColumnDefinitions {
		cols = append(cols, c.Name)
	}
	if len(cols) != 3 || cols[0] != "Name" || cols[1] != "CIDRs" || cols[2] != "Age" {
		t.Errorf("columns = %v, want [Name CIDRs Age]", cols)
	}
	if cells := table.Rows[0].Cells; cells[0] != "kubernetes" || cells[1] != "10.0.0.0/24,2001:db8::/112" {
		t.Errorf("cells = %v", cells)
	}
}
