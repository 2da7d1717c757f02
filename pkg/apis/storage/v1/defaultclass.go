package v1

import storagev1 "k8s.io/api/storage/v1"

// The annotations that mark the StorageClass claims without a class get; the beta one is still
// honoured by kube-apiserver and kubectl.
const (
	IsDefaultClassAnnotation     = "storageclass.kubernetes.io/is-default-class"
	BetaIsDefaultClassAnnotation = "storageclass.beta.kubernetes.io/is-default-class"
)

// IsDefaultClass reports whether class is marked as the default StorageClass.
func IsDefaultClass(class *storagev1.StorageClass) bool {
	return class.Annotations[IsDefaultClassAnnotation] == "true" || class.Annotations[BetaIsDefaultClassAnnotation] == "true"
}
