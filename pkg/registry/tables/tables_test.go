package tables

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

var testColumns = []metav1.TableColumnDefinition{
	NameColumn(),
	{Name: "Phase", Type: "string"},
	{Name: "Node", Type: "string", Priority: 1},
}

func testRow(pod *corev1.Pod) (metav1.TableRow, error) {
	if pod.Name == "broken" {
		return metav1.TableRow{}, errors.New("cannot print broken")
	}
	return metav1.TableRow{Cells: []interface{}{pod.Name, string(pod.Status.Phase), OrNone(pod.Spec.NodeName)}}, nil
}

func testPod(name, rv string) corev1.Pod {
	return corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, ResourceVersion: rv},
		Status:     corev1.PodStatus{Phase: corev1.PodRunning},
	}
}

func TestConvertToTable(t *testing.T) {
	remaining := int64(7)
	single := testPod("a", "11")
	list := &corev1.PodList{
		ListMeta: metav1.ListMeta{ResourceVersion: "42", Continue: "token", RemainingItemCount: &remaining},
		Items:    []corev1.Pod{testPod("a", "11"), testPod("b", "12")},
	}

	tests := []struct {
		name          string
		obj           runtime.Object
		options       runtime.Object
		wantColumns   []metav1.TableColumnDefinition
		wantCells     [][]interface{}
		wantRV        string
		wantContinue  string
		wantRemaining *int64
	}{
		{
			name:        "single object takes its own resourceVersion",
			obj:         &single,
			wantColumns: testColumns,
			wantCells:   [][]interface{}{{"a", "Running", "<none>"}},
			wantRV:      "11",
		},
		{
			name:          "list carries list meta",
			obj:           list,
			options:       &metav1.TableOptions{},
			wantColumns:   testColumns,
			wantCells:     [][]interface{}{{"a", "Running", "<none>"}, {"b", "Running", "<none>"}},
			wantRV:        "42",
			wantContinue:  "token",
			wantRemaining: &remaining,
		},
		{
			name:      "noHeaders omits column definitions",
			obj:       &single,
			options:   &metav1.TableOptions{NoHeaders: true},
			wantCells: [][]interface{}{{"a", "Running", "<none>"}},
			wantRV:    "11",
		},
		{
			name:        "typed nil options behave as defaults",
			obj:         &single,
			options:     (*metav1.TableOptions)(nil),
			wantColumns: testColumns,
			wantCells:   [][]interface{}{{"a", "Running", "<none>"}},
			wantRV:      "11",
		},
		{
			name:        "empty list",
			obj:         &corev1.PodList{ListMeta: metav1.ListMeta{ResourceVersion: "5"}},
			wantColumns: testColumns,
			wantCells:   [][]interface{}{},
			wantRV:      "5",
		},
	}
	c := New(testColumns, testRow)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			table, err := c.ConvertToTable(context.Background(), tc.obj, tc.options)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(table.ColumnDefinitions, tc.wantColumns) {
				t.Errorf("columns = %#v, want %#v", table.ColumnDefinitions, tc.wantColumns)
			}
			if table.Rows == nil {
				t.Fatal("rows is nil, want a non-nil slice")
			}
			var cells [][]interface{}
			for _, r := range table.Rows {
				cells = append(cells, r.Cells)
				pod, ok := r.Object.Object.(*corev1.Pod)
				if !ok || pod.Name != r.Cells[0] {
					t.Errorf("row %v: Object = %#v, want the printed pod", r.Cells, r.Object.Object)
				}
			}
			if len(cells) != len(tc.wantCells) || (len(cells) > 0 && !reflect.DeepEqual(cells, tc.wantCells)) {
				t.Errorf("cells = %v, want %v", cells, tc.wantCells)
			}
			if table.ResourceVersion != tc.wantRV || table.Continue != tc.wantContinue || !reflect.DeepEqual(table.RemainingItemCount, tc.wantRemaining) {
				t.Errorf("list meta = %q %q %v, want %q %q %v", table.ResourceVersion, table.Continue, table.RemainingItemCount, tc.wantRV, tc.wantContinue, tc.wantRemaining)
			}
		})
	}
}

func TestConvertToTableListRowsPointIntoList(t *testing.T) {
	list := &corev1.PodList{Items: []corev1.Pod{testPod("a", "1")}}
	table, err := New(testColumns, testRow).ConvertToTable(context.Background(), list, nil)
	if err != nil {
		t.Fatal(err)
	}
	if table.Rows[0].Object.Object != &list.Items[0] {
		t.Errorf("row object is not the list item")
	}
}

func TestConvertToTableErrors(t *testing.T) {
	broken := testPod("broken", "1")
	tests := []struct {
		name    string
		obj     runtime.Object
		options runtime.Object
		want    string
	}{
		{
			name:    "foreign options type",
			obj:     &broken,
			options: &metav1.ListOptions{},
			want:    "unrecognized type *v1.ListOptions for table options, can't display tabular output",
		},
		{
			name: "object of another type",
			obj:  &corev1.Service{},
			want: "no table handler registered for this type *v1.Service",
		},
		{
			name: "list of another type",
			obj:  &corev1.ServiceList{Items: []corev1.Service{{}}},
			want: "no table handler registered for this type *v1.ServiceList",
		},
		{
			name: "row error",
			obj:  &corev1.PodList{Items: []corev1.Pod{testPod("a", "1"), broken}},
			want: "cannot print broken",
		},
	}
	c := New(testColumns, testRow)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.ConvertToTable(context.Background(), tc.obj, tc.options)
			if err == nil || err.Error() != tc.want {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestSince(t *testing.T) {
	tests := []struct {
		name string
		t    metav1.Time
		want string
	}{
		{"unset", metav1.Time{}, "<unknown>"},
		{"seconds", metav1.NewTime(time.Now().Add(-30 * time.Second)), "30s"},
		{"minutes", metav1.NewTime(time.Now().Add(-15 * time.Minute)), "15m"},
		{"hours", metav1.NewTime(time.Now().Add(-3 * time.Hour)), "3h"},
		{"days", metav1.NewTime(time.Now().Add(-50 * time.Hour)), "2d2h"},
		{"future", metav1.NewTime(time.Now().Add(time.Hour)), "<invalid>"},
	}
	for _, tc := range tests {
		if got := Since(tc.t); got != tc.want {
			t.Errorf("%s: Since = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestOrNone(t *testing.T) {
	if got := OrNone(""); got != "<none>" {
		t.Errorf("OrNone(\"\") = %q", got)
	}
	if got := OrNone("x"); got != "x" {
		t.Errorf("OrNone(\"x\") = %q", got)
	}
}

func TestContainerCells(t *testing.T) {
	tests := []struct {
		containers        []corev1.Container
		wantNames, wantIm string
	}{
		{nil, "", ""},
		{[]corev1.Container{{Name: "app", Image: "nginx"}}, "app", "nginx"},
		{[]corev1.Container{{Name: "app", Image: "nginx"}, {Name: "side", Image: "busybox:1"}}, "app,side", "nginx,busybox:1"},
	}
	for _, tc := range tests {
		names, images := ContainerCells(tc.containers)
		if names != tc.wantNames || images != tc.wantIm {
			t.Errorf("ContainerCells(%v) = %q, %q; want %q, %q", tc.containers, names, images, tc.wantNames, tc.wantIm)
		}
	}
}

func TestCommonColumns(t *testing.T) {
	docs := metav1.ObjectMeta{}.SwaggerDoc()
	name := NameColumn()
	if name.Name != "Name" || name.Type != "string" || name.Format != "name" || name.Priority != 0 ||
		name.Description != docs["name"] || name.Description == "" {
		t.Errorf("NameColumn = %#v", name)
	}
	age := AgeColumn()
	if age.Name != "Age" || age.Type != "string" || age.Format != "" || age.Priority != 0 ||
		age.Description != docs["creationTimestamp"] || age.Description == "" {
		t.Errorf("AgeColumn = %#v", age)
	}
}

func TestFirstFew(t *testing.T) {
	tests := []struct {
		items []string
		want  string
	}{
		{nil, "<empty>"},
		{[]string{"a"}, "a"},
		{[]string{"a", "b", "c"}, "a,b,c"},
		{[]string{"a", "b", "c", "d", "e"}, "a,b,c + 2 more..."},
	}
	for _, tt := range tests {
		if got := FirstFew(tt.items, "<empty>"); got != tt.want {
			t.Errorf("FirstFew(%q) = %q, want %q", tt.items, got, tt.want)
		}
	}
}
