import DigdagCore
