"""Drawing and plotting helpers (Keras's `keras.visualization`).

`draw_bounding_boxes` and `draw_segmentation_masks` draw onto image
arrays with NumPy and Pillow; the `plot_*` galleries lay images out with
matplotlib, imported only when they run (a clear ImportError names the
package when it is missing).

>>> import numpy as np
>>> from kerax import visualization
>>> visualization.draw_segmentation_masks(
...     np.zeros((1, 2, 2, 3)), np.ones((1, 2, 2, 1), "int32"),
...     num_classes=2).shape
(1, 2, 2, 3)
"""

from kerax.visualization.draw_bounding_boxes import draw_bounding_boxes
from kerax.visualization.draw_segmentation_masks import (
    draw_segmentation_masks,
)
from kerax.visualization.plot_bounding_box_gallery import (
    plot_bounding_box_gallery,
)
from kerax.visualization.plot_image_gallery import plot_image_gallery
from kerax.visualization.plot_segmentation_mask_gallery import (
    plot_segmentation_mask_gallery,
)

__all__ = [
    "draw_bounding_boxes",
    "draw_segmentation_masks",
    "plot_bounding_box_gallery",
    "plot_image_gallery",
    "plot_segmentation_mask_gallery",
]
