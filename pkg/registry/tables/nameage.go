package tables

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/rest"
)

// NewNameAge returns the table of a resource whose kubectl printer shows only NAME and AGE.
func NewNameAge[T interface {
	runtime.Object
	metav1.Object
}]() rest.TableConvertor {
	return New([]metav1.TableColumnDefinition{NameColumn(), AgeColumn()}, func(obj T) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{obj.GetName(), Since(obj.GetCreationTimestamp())}}, nil
	})
}
