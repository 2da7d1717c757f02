package tables

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// ContainersColumn is the -o wide CONTAINERS column of workload resources, filled by ContainerCells.
func ContainersColumn() metav1.TableColumnDefinition {
	return metav1.TableColumnDefinition{Name: "Containers", Type: "string", Priority: 1, Description: "Names of each container in the template."}
}

// ImagesColumn is the -o wide IMAGES column of workload resources, filled by ContainerCells.
func ImagesColumn() metav1.TableColumnDefinition {
	return metav1.TableColumnDefinition{Name: "Images", Type: "string", Priority: 1, Description: "Images referenced by each container in the template."}
}
