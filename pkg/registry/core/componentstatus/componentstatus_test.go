package componentstatus

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
)

func TestHealthzCheck(t *testing.T) {
	healthy := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) }))
	defer healthy.Close()
	failing := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusInternalServerError) }))
	defer failing.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "https://" + l.Addr().String() + "/healthz"
	l.Close()

	ctx := context.Background()
	if got := HealthzCheck(healthy.URL + "/healthz")(ctx); got != (Result{Status: corev1.ConditionTrue, Message: "ok"}) {
		t.Errorf("healthy component: %+v", got)
	}
	if got := HealthzCheck(failing.URL + "/healthz")(ctx); got != (Result{Status: corev1.ConditionFalse, Message: "HTTP probe failed with statuscode: 500"}) {
		t.Errorf("failing component: %+v", got)
	}
	got := HealthzCheck(refused)(ctx)
	if got.Status != corev1.ConditionFalse || got.Error != "" || !strings.HasPrefix(got.Message, `Get "`+refused+`": dial tcp `) || !strings.HasSuffix(got.Message, "connection refused") {
		t.Errorf("unreachable component: %+v, want False with the connection error as message", got)
	}
}

func TestListGetAndTable(t *testing.T) {
	r := NewREST(map[string]Check{
		"scheduler":          func(context.Context) Result { return Result{Status: corev1.ConditionFalse, Message: "refused"} },
		"controller-manager": InProcessCheck(),
		"etcd-0":             func(context.Context) Result { return Result{Status: corev1.ConditionUnknown, Error: "timeout"} },
	})
	ctx := context.Background()
	obj, err := r.List(ctx, &metainternalversion.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	table, err := r.ConvertToTable(ctx, obj, &metav1.TableOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]interface{}{
		{"controller-manager", "Healthy", "ok", ""},
		{"etcd-0", "Unhealthy", "", "timeout"},
		{"scheduler", "Unhealthy", "refused", ""},
	}
	if len(table.Rows) != len(want) {
		t.Fatalf("rows = %v, want %v", table.Rows, want)
	}
	for i, row := range table.Rows {
		for j, cell := range want[i] {
			if row.Cells[j] != cell {
				t.Errorf("row %d = %v, want %v", i, row.Cells, want[i])
				break
			}
		}
	}

	byName, err := r.List(ctx, &metainternalversion.ListOptions{FieldSelector: fields.OneTermEqualSelector("metadata.name", "etcd-0")})
	if err != nil {
		t.Fatal(err)
	}
	if items := byName.(*corev1.ComponentStatusList).Items; len(items) != 1 || items[0].Name != "etcd-0" {
		t.Errorf("field selector metadata.name=etcd-0 listed %v", items)
	}
	byLabel, err := r.List(ctx, &metainternalversion.ListOptions{LabelSelector: labels.SelectorFromSet(labels.Set{"a": "b"})})
	if err != nil {
		t.Fatal(err)
	}
	if items := byLabel.(*corev1.ComponentStatusList).Items; len(items) != 0 {
		t.Errorf("label selector a=b listed %v, want nothing", items)
	}

	got, err := r.Get(ctx, "controller-manager", &metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c := got.(*corev1.ComponentStatus).Conditions; len(c) != 1 || c[0].Type != corev1.ComponentHealthy || c[0].Status != corev1.ConditionTrue {
		t.Errorf("controller-manager conditions = %+v", c)
	}
	if _, err := r.Get(ctx, "nope", &metav1.GetOptions{}); err == nil || err.Error() != "Component not found: nope" {
		t.Errorf("Get(nope) error = %v", err)
	}
}
