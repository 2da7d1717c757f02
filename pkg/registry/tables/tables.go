// Package tables builds the metav1.Table answers that `kubectl get` asks for
// with Accept: application/json;as=Table;v=v1;g=meta.k8s.io, from a column
// list and a per-object row function, plus the cell formatting shared by
// several resources.
package tables

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/duration"
	"k8s.io/apiserver/pkg/registry/rest"
)

// None is what upstream prints in a cell that has no value.
const None = "<none>"

var objectMetaDocs = metav1.ObjectMeta{}.SwaggerDoc()

// RowFunc computes the Cells, and optionally the Conditions, of the row for
// one object. The convertor fills in Row.Object itself.
type RowFunc[T runtime.Object] func(obj T) (metav1.TableRow, error)

type convertor[T runtime.Object] struct {
	columns []metav1.TableColumnDefinition
	row     RowFunc[T]
}

// New returns a TableConvertor that prints objects of type T, and lists of
// them, with the given columns. Like kube-apiserver it always renders the wide
// form: priority-1 columns are included and clients hide them unless asked
// for -o wide.
func New[T runtime.Object](columns []metav1.TableColumnDefinition, row RowFunc[T]) rest.TableConvertor {
	return convertor[T]{columns: columns, row: row}
}

// ConvertToTable implements rest.TableConvertor.
func (c convertor[T]) ConvertToTable(_ context.Context, obj runtime.Object, tableOptions runtime.Object) (*metav1.Table, error) {
	noHeaders := false
	if tableOptions != nil {
		opts, ok := tableOptions.(*metav1.TableOptions)
		if !ok {
			return nil, fmt.Errorf("unrecognized type %T for table options, can't display tabular output", tableOptions)
		}
		if opts != nil {
			noHeaders = opts.NoHeaders
		}
	}

	items := []runtime.Object{obj}
	if meta.IsListType(obj) {
		var err error
		if items, err = meta.ExtractList(obj); err != nil {
			return nil, err
		}
	}

	// Rows is never nil so an empty list serialises as "rows": [] like upstream.
	table := &metav1.Table{Rows: make([]metav1.TableRow, 0, len(items))}
	for _, item := range items {
		typed, ok := item.(T)
		if !ok {
			return nil, fmt.Errorf("no table handler registered for this type %v", reflect.TypeOf(obj))
		}
		row, err := c.row(typed)
		if err != nil {
			return nil, err
		}
		row.Object = runtime.RawExtension{Object: item}
		table.Rows = append(table.Rows, row)
	}
	if !noHeaders {
		table.ColumnDefinitions = c.columns
	}

	if m, err := meta.ListAccessor(obj); err == nil {
		table.ResourceVersion = m.GetResourceVersion()
		table.Continue = m.GetContinue()
		table.RemainingItemCount = m.GetRemainingItemCount()
	} else if m, err := meta.CommonAccessor(obj); err == nil {
		table.ResourceVersion = m.GetResourceVersion()
	}
	return table, nil
}

// NameColumn is the leading NAME column every built-in resource prints.
func NameColumn() metav1.TableColumnDefinition {
	return metav1.TableColumnDefinition{Name: "Name", Type: "string", Format: "name", Description: objectMetaDocs["name"]}
}

// AgeColumn is the AGE column, rendered from the creation timestamp by Since.
func AgeColumn() metav1.TableColumnDefinition {
	return metav1.TableColumnDefinition{Name: "Age", Type: "string", Description: objectMetaDocs["creationTimestamp"]}
}

// Since renders the time elapsed since t the way kubectl shows ages
// ("5m", "3h", "2d"), or "<unknown>" when t is unset.
func Since(t metav1.Time) string {
	if t.IsZero() {
		return "<unknown>"
	}
	return duration.HumanDuration(time.Since(t.Time))
}

// OrNone returns s, or "<none>" when s is empty.
func OrNone(s string) string {
	if s == "" {
		return None
	}
	return s
}

// ContainerCells renders the CONTAINERS and IMAGES cells of workload
// resources: container names and images, each comma-joined in spec order.
func ContainerCells(containers []corev1.Container) (names, images string) {
	n := make([]string, len(containers))
	i := make([]string, len(containers))
	for idx, c := range containers {
		n[idx] = c.Name
		i[idx] = c.Image
	}
	return strings.Join(n, ","), strings.Join(i, ",")
}
